from codeaudit.cli import main

main()
