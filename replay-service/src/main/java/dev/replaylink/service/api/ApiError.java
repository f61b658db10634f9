package dev.replaylink.service.api;

/** The JSON body of every error response: a stable machine code and a sentence for humans. */
public record ApiError(String error, String message) {}
