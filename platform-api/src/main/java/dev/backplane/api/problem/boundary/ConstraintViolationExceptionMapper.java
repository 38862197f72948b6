package dev.backplane.api.problem.boundary;

import dev.backplane.api.problem.entity.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.Comparator;

/** Bean Validation failures on request input: 400 with one entry per invalid field. */
@Provider
public class ConstraintViolationExceptionMapper
    implements ExceptionMapper<ConstraintViolationException> {

  @Context HttpServletRequest request;

  @Override
  public Response toResponse(ConstraintViolationException exception) {
    var errors =
        exception.getConstraintViolations().stream()
            .map(v -> new FieldViolation(field(v), v.getMessage()))
            .sorted(Comparator.comparing(FieldViolation::field))
            .toList();
    return ProblemResponses.of(Problems.validation(errors, request)).build();
  }

  private static String position(Path.Node node) {
    if (node.getIndex() != null) {
      return "[" + node.getIndex() + "]";
    }
    return node.getKey() != null ? "[" + node.getKey() + "]" : "";
  }

  /**
   * The name a client knows: "email" or "address.city" for a body's property, the parameter's name
   * for a query or path parameter; the method's own name is left out.
   */
  static String field(ConstraintViolation<?> violation) {
    var properties = new ArrayList<String>();
    String parameter = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.getName();
      } else if (node.getKind() == ElementKind.PROPERTY) {
        if (node.isInIterable() && !properties.isEmpty()) {
          // a property of a list's element: its index is the list's, "fields[4].name"
          properties.set(properties.size() - 1, properties.getLast() + position(node));
          properties.add(node.getName());
        } else {
          properties.add(node.getName() + position(node));
        }
      } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && !properties.isEmpty()) {
        // an element of a list or map property: "roles[0]", not "roles.<list element>[0]"
        properties.set(properties.size() - 1, properties.getLast() + position(node));
      }
    }
    if (!properties.isEmpty()) {
      return String.join(".", properties);
    }
    return parameter == null ? "request" : parameter;
  }
}
