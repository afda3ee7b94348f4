"""Template tags of the contact app."""
