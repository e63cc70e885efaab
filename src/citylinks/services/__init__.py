"""The actions an officer takes: each validates its input and writes in one transaction."""
