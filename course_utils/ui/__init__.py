"""The interface learners see: the question kit, the interactive panels and the reviewer box."""
