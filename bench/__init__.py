"""`make bench`: the speed and memory figures the README quotes."""
