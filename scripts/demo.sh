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
# diff exits 1 when there are differences, as diff(1) does
run diff $CLA/before.yaml $CLA/after.yaml --by grade || [ $? -eq 1 ]
run diff $COMM/before.yaml $COMM/after.yaml --by funding || [ $? -eq 1 ]
run render-diff $CLA/before.yaml $CLA/after.yaml -o demo-out/cla-sdm-realignment-2020 --format png
run render-diff $COMM/before.yaml $COMM/after.yaml -o demo-out/commissioning-posts-2022 --format svg
run render $CLA/after.yaml -o demo-out/cla-after.pdf --redact
echo
echo "Charts written to demo-out/"
