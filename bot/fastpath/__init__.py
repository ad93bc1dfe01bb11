"""The measured SDK bypasses; README.md in this folder says what each replaces and why."""
