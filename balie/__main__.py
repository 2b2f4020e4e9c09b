from balie.cli import main

raise SystemExit(main())
