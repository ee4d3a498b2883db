package io.rootaccess.operator.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Reads a custom resource's spec without ever throwing on its content. A stored object the operator
 * cannot read (a wrong JSON type in a cluster without schema validation, or stored under an older
 * CRD) would otherwise fail the informer's list or watch and stop reconciling every object of its
 * kind. Instead the spec comes back empty, marked with what could not be read; the kind's
 * validation refuses it (InvalidSpec) and every reader of other objects' specs ignores it.
 *
 * <p>The mark survives a copy of the resource (the operator SDK clones each resource through JSON
 * before a reconciler sees it): {@link Writer} writes a marked spec as {@code {"$unreadable":
 * "..."}}, which this reader turns back into a marked spec. Nothing writes a marked spec to the API
 * server (specs are never updated by the operator); if something did, the stored object would stay
 * refused, which fails closed.
 */
public abstract class LenientSpec<T> extends StdDeserializer<T> {
    private static final Logger LOG = Logger.getLogger(LenientSpec.class);
    private static final int MAX_MESSAGE = 300;

    private final Class<T> type;
    private final BiFunction<T, String, T> mark;

    protected LenientSpec(Class<T> type, BiFunction<T, String, T> mark) {
        super(type);
        this.type = type;
        this.mark = mark;
    }

    /** The one field of a marked spec as written by {@link Writer}; no CRD field starts with $. */
    static final String MARK = "$unreadable";

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode tree = ctxt.readTree(p);
        if (tree.isObject() && tree.size() == 1 && tree.path(MARK).isTextual()) {
            return marked(tree.path(MARK).asText());
        }
        try {
            return ctxt.readTreeAsValue(tree, type);
        } catch (JsonMappingException e) {
            String problem = problem(e);
            // no secret lives in a spec; the message names the field and the expected type
            LOG.warnf("a stored %s cannot be read: %s", type.getSimpleName(), problem);
            return marked(problem);
        }
    }

    private T marked(String problem) {
        try {
            return mark.apply(type.getDeclaredConstructor().newInstance(), problem);
        } catch (ReflectiveOperationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Writes a spec as usual, or a marked one as its mark. The schema (CRD generator) is the spec
     * class's own: this writer only delegates to it.
     */
    public static final class Writer extends StdSerializer<Object> {
        public Writer() {
            super(Object.class);
        }

        @Override
        public void serialize(Object spec, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            String problem = unreadable(spec);
            if (problem != null) {
                gen.writeStartObject();
                gen.writeStringField(MARK, problem);
                gen.writeEndObject();
                return;
            }
            provider.findValueSerializer(spec.getClass()).serialize(spec, gen, provider);
        }

        @Override
        public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type)
                throws com.fasterxml.jackson.databind.JsonMappingException {
            visitor.getProvider().findValueSerializer(type).acceptJsonFormatVisitor(visitor, type);
        }

        private static String unreadable(Object spec) {
            try {
                return (String) spec.getClass().getField("unreadable").get(spec);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }

    /** "spec.exclude.organizationalUnits[0]: cannot be read (Cannot deserialize ...)". */
    static String problem(JsonMappingException e) {
        StringBuilder path = new StringBuilder("spec");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
        int newline = why.indexOf('\n');
        if (newline >= 0) {
            why = why.substring(0, newline);
        }
        if (why.length() > MAX_MESSAGE) {
            why = why.substring(0, MAX_MESSAGE) + "...";
        }
        return path + ": the stored value cannot be read (" + why + "); fix it to match the CRD";
    }
}
