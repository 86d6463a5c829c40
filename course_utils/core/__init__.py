"""The course's core: paths, the answers store, content files, question specs, lessons, Spanish formats."""
