package dev.backplane.bench.ceiling;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS with nothing in front: no security, no filters, no database. */
@ApplicationPath("/")
public class CeilingApplication extends Application {}
