"""Changes between two versions of a framework: read a version from git, compare two, say what changed for whom."""
