package io.hostwall.model;

/** A named port a host endpoint exposes ({@code spec.ports[]}). */
public record EndpointPort(String name, Protocol protocol, int port) {}
