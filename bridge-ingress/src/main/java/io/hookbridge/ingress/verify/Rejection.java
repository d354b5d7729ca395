package io.hookbridge.ingress.verify;

import io.hookbridge.common.http.Problem;

/**
 * Why a request is refused, carried as the problem it is answered with. Thrown on the hot path for every
 * forged request, so it has no stack trace.
 */
public final class Rejection extends RuntimeException {

    private final transient Problem problem;

    public Rejection(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 401: the signature, token or key is missing, malformed or wrong, or its timestamp is outside tolerance. */
    public static Rejection unauthorized(String detail) {
        return new Rejection(Problem.of(401, "invalid-signature", "Signature verification failed", detail));
    }

    /** 400: the request is genuine but lacks what the contract needs, such as a delivery id. */
    public static Rejection badRequest(String slug, String detail) {
        return new Rejection(Problem.of(400, slug, "Bad request", detail));
    }

    /** 400: genuine, but the delivery id lives in the body and the header is missing. */
    public static Rejection missingDeliveryId(String detail) {
        return badRequest("missing-delivery-id", detail);
    }

    /** 400: genuine, but the body that holds the delivery id does not parse. */
    public static Rejection malformedBody(String detail) {
        return badRequest("malformed-body", detail);
    }

    /** 415: the verifier needs a JSON body to find the delivery id. */
    public static Rejection unsupportedMediaType(String detail) {
        return new Rejection(Problem.of(415, "unsupported-media-type", "Unsupported media type", detail));
    }
}
