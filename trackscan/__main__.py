import sys

from trackscan.cli import main

sys.exit(main())
