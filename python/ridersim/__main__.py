import sys

from ridersim.cli import main

sys.exit(main())
