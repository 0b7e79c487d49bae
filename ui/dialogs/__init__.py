"""The window's dialogs: About and the keyboard shortcuts, Launch with numbers, the export options, and the parts they share."""
