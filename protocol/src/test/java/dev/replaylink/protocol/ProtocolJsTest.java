package dev.replaylink.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * protocol.js (packaged next to the classes) says exactly what the Java classes say, no more, no
 * less.
 */
class ProtocolJsTest {
  private static final Pattern SCALAR =
      Pattern.compile("(?m)^export const ([A-Z_]+) = (?:'([^']*)'|(\\d+));$");
  private static final Pattern LIST =
      Pattern.compile("(?m)^export const ([A-Z_]+) = \\[([^\\]]*)];$");
  private static final Map<String, Class<?>> PREFIXES = new LinkedHashMap<>();

  static {
    PREFIXES.put("ID_", SessionIds.class);
    PREFIXES.put("ATTR_", Attributes.class);
    PREFIXES.put("KIND_", MarkerKinds.class);
    PREFIXES.put("PAUSE_", PauseReasons.class);
    PREFIXES.put("REFUSAL_", RefusalReasons.class);
  }

  @Test
  void everyConstantHasTheSameValueOnBothSides() throws Exception {
    Map<String, Object> javaScript = new TreeMap<>();
    Matcher m = SCALAR.matcher(source());
    while (m.find()) {
      javaScript.put(m.group(1), m.group(2) != null ? m.group(2) : Integer.valueOf(m.group(3)));
    }
    Map<String, Object> java = new TreeMap<>();
    for (Map.Entry<String, Class<?>> p : PREFIXES.entrySet()) {
      for (Map.Entry<String, Object> c : javaConstants(p.getValue()).entrySet()) {
        java.put(p.getKey() + c.getKey(), c.getValue());
      }
    }
    assertEquals(java, javaScript);
  }

  @Test
  void frustrationListMatchesTheJavaSet() throws Exception {
    Matcher m = LIST.matcher(source());
    assertTrue(
        m.find() && m.group(1).equals("KIND_FRUSTRATION"), "protocol.js exports KIND_FRUSTRATION");
    Map<String, Object> kinds = javaConstants(MarkerKinds.class);
    Set<Object> listed = new HashSet<>();
    for (String name : m.group(2).split(",")) {
      listed.add(kinds.get(name.trim().substring("KIND_".length())));
    }
    assertEquals(new HashSet<Object>(MarkerKinds.FRUSTRATION), listed);
    assertEquals(MarkerKinds.FRUSTRATION.size(), Arrays.asList(m.group(2).split(",")).size());
  }

  private static Map<String, Object> javaConstants(Class<?> type) throws IllegalAccessException {
    Map<String, Object> out = new TreeMap<>();
    for (Field f : type.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isPublic(mod)
          && Modifier.isStatic(mod)
          && Modifier.isFinal(mod)
          && (f.getType() == String.class || f.getType() == int.class)) {
        out.put(f.getName(), f.get(null));
      }
    }
    return out;
  }

  private static String source() throws IOException {
    try (InputStream in = ProtocolJsTest.class.getResourceAsStream("protocol.js")) {
      assertNotNull(in, "protocol.js is packaged next to the classes");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
