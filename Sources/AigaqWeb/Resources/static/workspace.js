// Keyboard shortcuts for the review queue (added with the workspace).
