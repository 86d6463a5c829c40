"""The course's figures: drawn with matplotlib (draw) and kept as cached PNG images (png)."""
