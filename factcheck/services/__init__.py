"""Use cases. The only layer that commits, once, at the end of a use case."""
