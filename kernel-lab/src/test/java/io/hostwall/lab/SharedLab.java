package io.hostwall.lab;

/**
 * One lab per test JVM: building it (seven namespaces, six agent JVMs) costs seconds, resetting it between
 * scenarios milliseconds. Closed by JUnit at the end of the run ({@link LabExtension}) or, failing that, by the
 * lab's shutdown hook; a later run's {@link LeftoverSweeper} catches anything a killed JVM left.
 */
final class SharedLab {
    private static Lab lab;

    private SharedLab() {}

    static synchronized Lab get() {
        if (lab == null || lab.isClosed()) {
            lab = Lab.start();
        }
        return lab;
    }

    static synchronized void closeIfOpen() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }
}
