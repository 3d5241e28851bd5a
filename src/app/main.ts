// The lab's entry point (index.html loads it): registering the shell renders everything else.
import './app-shell.ts';
