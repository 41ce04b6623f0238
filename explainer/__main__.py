"""`python -m explainer` is the `explainer` command."""

from explainer.cli import main

raise SystemExit(main())
