package dev.replaylink.service.storage;

import org.junit.jupiter.api.Nested;

/**
 * Every storage suite bound to one backend. A backend's test extends this and returns its component
 * from {@link #backend()}; each suite below then runs on it, in the backend's fresh storage.
 */
public abstract class StorageSuites {
  /** The backend under test, started once for the whole test class. */
  protected abstract StorageComponent backend();

  @Nested
  class Batches extends BatchWriterSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Events extends EventReaderSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Markers extends MarkerStoreSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Sessions extends SessionSearchSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Insights extends InsightSearchSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Audit extends AuditSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Deletion extends DeletionSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Compaction extends CompactionSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class JobLeases extends JobLeaseSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class SignIn extends SignInSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }

  @Nested
  class Spans extends SpanStoreSuite {
    @Override
    protected StorageComponent storage() {
      return backend();
    }
  }
}
