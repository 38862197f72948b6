package dev.backplane.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.infinispan.protostream.types.java.CommonTypesSchema;

/** Sends values through the ProtoStream schemas the way they travel between instances. */
public final class ProtoRoundTrip {

  private final SerializationContext context = ProtobufUtil.newSerializationContext();

  /** The common types, then the given schemas in order (a schema after those it depends on). */
  public ProtoRoundTrip(SerializationContextInitializer... schemas) {
    new CommonTypesSchema().register(context);
    for (var schema : schemas) {
      schema.register(context);
    }
  }

  /** Asserts that the value comes back equal to itself. */
  public void assertRoundTrip(Object value) {
    try {
      var bytes = ProtobufUtil.toWrappedByteArray(context, value);
      Object back = ProtobufUtil.fromWrappedByteArray(context, bytes);
      assertThat(back).isEqualTo(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
