package io.hookbridge.egress.health;

/** Where the policy reports a change of a subscription's health ({@link OperationsLog} in production). */
public interface HealthChanges {

    void changed(HealthChange change);
}
