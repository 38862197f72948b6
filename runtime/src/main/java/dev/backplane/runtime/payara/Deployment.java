package dev.backplane.runtime.payara;

import java.nio.file.Path;

/** A WAR an instance deploys, and the context root it serves it at. */
public record Deployment(Path war, String contextRoot) {}
