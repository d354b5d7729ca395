package io.hookbridge.ingress.verify;

import io.hookbridge.common.http.Problem;
import io.hookbridge.common.http.ProblemType;

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
        return new Rejection(ProblemType.INVALID_SIGNATURE.with(detail));
    }

    /** 400: genuine, but the delivery id lives in the body and the header is missing. */
    public static Rejection missingDeliveryId(String detail) {
        return new Rejection(ProblemType.MISSING_DELIVERY_ID.with(detail));
    }

    /** 400: genuine, but the body that holds the delivery id does not parse. */
    public static Rejection malformedBody(String detail) {
        return new Rejection(ProblemType.MALFORMED_BODY.with(detail));
    }

    /** 415: the verifier needs a JSON body to find the delivery id. */
    public static Rejection unsupportedMediaType(String detail) {
        return new Rejection(ProblemType.UNSUPPORTED_MEDIA_TYPE.with(detail));
    }
}
