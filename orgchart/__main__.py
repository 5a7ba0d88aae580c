from orgchart.cli import main

main()
