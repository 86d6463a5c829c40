"""`python -m course_utils.cli …`: the same as `curso …`."""

import sys

from course_utils.cli import main

sys.exit(main())
