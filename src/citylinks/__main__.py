from citylinks.cli.app import main

main()
