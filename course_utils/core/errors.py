"""The course's one exception base: an error a person can act on, with a Spanish message."""


class CourseError(Exception):
    """Something a learner, trainer or instructor can fix; ``str(error)`` says what, in Spanish.
    Library code raises these; only the command line turns them into an exit status."""


class CourseNotFound(CourseError):
    """No course folder (one with lessons/) here or above."""
