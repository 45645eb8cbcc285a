package dev.usher.auth;

/** How many live streams a device holds open: the live feature implements it for the throttle. */
public interface OpenStreams {
    int openBy(String deviceId);
}
