package dev.replaylink.service.storage;

import static dev.replaylink.service.TestObjects.randomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replaylink.service.model.SignIn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stores behind sign-in: login sessions, failed sign-ins, local credentials. */
public abstract class SignInSuite extends StorageSuite {
  static final long NOW = 1_800_000_000_000L;
  static final SignIn OPS = SignIn.token("ops");

  @Test
  void loginSessionIsLiveUntilItExpires() {
    UiSessionStore sessions = storage().uiSessions();
    String id = randomId("ui");
    sessions.create(id, OPS, NOW, NOW + 1000);
    assertEquals(Optional.of(OPS), sessions.find(id, NOW));
    assertEquals(Optional.of(OPS), sessions.find(id, NOW + 999));
    assertEquals(Optional.empty(), sessions.find(id, NOW + 1000), "expired");
    assertEquals(Optional.empty(), sessions.find(randomId("ui"), NOW), "unknown");
  }

  @Test
  void aSignInKeepsWhoSignedInWithGroupsAndEmail() {
    UiSessionStore sessions = storage().uiSessions();
    String id = randomId("ui");
    SignIn alice =
        new SignIn(
            SignIn.OIDC,
            "alice",
            "alice@example.com",
            List.of("replay-viewers", "team, with comma"));
    sessions.create(id, alice, NOW, NOW + 1000);
    assertEquals(Optional.of(alice), sessions.find(id, NOW));
    SignIn noGroups = new SignIn(SignIn.OIDC, "bob", null, List.of());
    String other = randomId("ui");
    sessions.create(other, noGroups, NOW, NOW + 1000);
    assertEquals(Optional.of(noGroups), sessions.find(other, NOW));
  }

  @Test
  void deletingALoginSessionAlsoDeletesExpiredOnes() {
    UiSessionStore sessions = storage().uiSessions();
    String mine = randomId("ui");
    String expired = randomId("ui");
    String live = randomId("ui");
    sessions.create(mine, OPS, NOW, NOW + 10_000);
    sessions.create(expired, OPS, NOW - 20_000, NOW - 1);
    sessions.create(live, SignIn.token("viewer"), NOW, NOW + 10_000);

    sessions.delete(mine, NOW);
    assertEquals(Optional.empty(), sessions.find(mine, NOW));
    assertEquals(
        Optional.of(SignIn.token("viewer")), sessions.find(live, NOW), "other live sessions stay");
    assertEquals(
        Optional.empty(),
        sessions.find(expired, NOW - 2),
        "expired sessions are gone, not only hidden");
  }

  @Test
  void loginFailuresAreCountedPerClientAndInAllWithinTheWindow() {
    LoginFailureStore failures = storage().loginFailures();
    String a = randomId("client");
    String b = randomId("client");
    long since = NOW - 1000;
    long before = failures.countSince(since);
    failures.add(a, since);
    failures.add(a, NOW - 500);
    failures.add(a, NOW);
    failures.add(b, NOW);

    assertEquals(2, failures.countSince(a, since), "a failure at the window's start is outside it");
    assertEquals(1, failures.countSince(b, since));
    assertEquals(0, failures.countSince(randomId("client"), since));
    assertEquals(before + 3, failures.countSince(since));
    assertEquals(1, failures.countSince(a, NOW - 1));
  }

  @Test
  void successfulSignInClearsOnlyThatClientsFailures() {
    LoginFailureStore failures = storage().loginFailures();
    String a = randomId("client");
    String b = randomId("client");
    failures.add(a, NOW);
    failures.add(a, NOW);
    failures.add(b, NOW);

    failures.clear(a);
    assertEquals(0, failures.countSince(a, NOW - 1));
    assertEquals(1, failures.countSince(b, NOW - 1));
  }

  @Test
  void oldLoginFailuresArePruned() {
    LoginFailureStore failures = storage().loginFailures();
    String client = randomId("client");
    failures.add(client, NOW - 10_000);
    failures.add(client, NOW - 5_000);
    failures.add(client, NOW);

    assertTrue(failures.deleteBefore(NOW - 5_000) >= 1);
    assertEquals(2, failures.countSince(client, Long.MIN_VALUE), "the one at the cut-off is kept");
    assertEquals(0, failures.deleteBefore(NOW - 5_000), "nothing older is left");
  }

  @Test
  void localCredentialIsCreatedOnceAndReadBack() {
    LocalCredentialStore credentials = storage().localCredentials();
    String name = randomId("cred");
    AtomicInteger generated = new AtomicInteger();
    String first = credentials.secret(name, () -> "secret-" + generated.incrementAndGet(), NOW);
    assertEquals("secret-1", first);

    String again =
        storage()
            .localCredentials()
            .secret(name, () -> "secret-" + generated.incrementAndGet(), NOW + 1);
    assertEquals(first, again, "a restart reads the stored secret");
    assertEquals(1, generated.get(), "no new secret is generated once one is stored");
    assertEquals(
        "other", credentials.secret(randomId("cred"), () -> "other", NOW), "names are independent");
  }

  @Test
  void concurrentFirstCallsAgreeOnOneLocalCredential() throws Exception {
    String name = randomId("cred");
    int callers = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        LocalCredentialStore instance = storage().localCredentials();
        String mine = "secret-" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return instance.secret(name, () -> mine, NOW);
                }));
      }
      start.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> f : results) {
        seen.add(f.get());
      }
      assertEquals(1, seen.size(), "every caller got the same secret: " + seen);
      assertEquals(
          seen.iterator().next(), storage().localCredentials().secret(name, () -> "late", NOW));
    } finally {
      pool.shutdownNow();
    }
  }
}
