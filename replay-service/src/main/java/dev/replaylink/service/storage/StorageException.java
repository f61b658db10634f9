package dev.replaylink.service.storage;

/** The database or the object store failed; the operation had no effect. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
