#!/bin/sh
# make demo: the main jobs on the shipped seed structures.
set -e
ORGCHART=${1:-orgchart}
CLA=structures/cla-sdm-realignment-2020
COMM=structures/commissioning-posts-2022
run() { echo; echo "\$ orgchart $*"; "$ORGCHART" "$@"; }

run validate $CLA/before.yaml $CLA/after.yaml $COMM/before.yaml $COMM/after.yaml
run span $CLA/before.yaml
run cost $CLA/before.yaml --by grade
run cost $CLA/after.yaml --by grade
run cost $COMM/after.yaml --by funding
run forecast $COMM/after.yaml --by funding
# diff exits 1 when there are differences, as diff(1) does
run diff $CLA/before.yaml $CLA/after.yaml --by grade || [ $? -eq 1 ]
run diff $COMM/before.yaml $COMM/after.yaml --by funding --effective 2022-11-10 || [ $? -eq 1 ]
run render-diff $CLA/before.yaml $CLA/after.yaml -o demo-out/cla-sdm-realignment-2020 --format png
run render-diff $COMM/before.yaml $COMM/after.yaml -o demo-out/commissioning-posts-2022 --format svg
run render $CLA/after.yaml -o demo-out/cla-after.pdf --redact
# The restructures as proposals: the changes an officer writes, applied.
run apply $CLA/before.yaml $CLA/proposal.yaml -o demo-out/cla-after-from-proposal.yaml
run forecast $COMM/before.yaml --proposal $COMM/proposal.yaml --by funding
run propose $CLA/before.yaml $CLA/after.yaml -o demo-out/cla-proposed.yaml
run report $CLA/before.yaml $CLA/proposal.yaml -o demo-out/cla-sdm-realignment-2020-proposal-report.html
# Policy checks: check exits 1 when a rule fails, as a CI gate does
run check $CLA/before.yaml $CLA/after.yaml --rules spans-layers || [ $? -eq 1 ]
run render $CLA/after.yaml -o demo-out/cla-after-rules.svg --highlight-rules spans-layers
run span structures/hr-export-example.csv
run convert structures/hr-export-example.csv -o demo-out/hr-export-example.yaml

# Real published organograms, shipped with the tests.
DATA=tests/data/organograms
run layers $DATA/department_of_health-2011-09-30-senior.csv
echo; echo "\$ orgchart diff -f markdown -o demo-out/audit-commission-diff.md ... --by grade"
"$ORGCHART" diff -f markdown -o demo-out/audit-commission-diff.md --by grade \
  $DATA/audit_commission-2011-09-30-senior.csv $DATA/audit_commission-2012-03-31-senior.csv \
  || [ $? -eq 1 ]
run render $DATA/youth_justice_board-2011-09-30-senior.csv -o demo-out/youth-justice-board.svg --redact
run check $DATA/ministry_of_justice-2011-09-30-senior.csv --rules organogram || [ $? -eq 1 ]

# The decision reports: report and appendix in each format (PDF printed by Chromium).
for SEED in $CLA $COMM; do
  for FORMAT in html pdf docx md; do
    run report $SEED/before.yaml $SEED/after.yaml -o demo-out/$(basename $SEED)-report.$FORMAT \
      --rules spans-layers
  done
done
echo
echo "Charts and reports written to demo-out/"
