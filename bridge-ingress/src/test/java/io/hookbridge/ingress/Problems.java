package io.hookbridge.ingress;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts an answer is the RFC 9457 problem the contract names. */
public final class Problems {

    private Problems() {
    }

    public static JsonObject assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonObject problem = new JsonObject(response.body());
        assertThat(problem.getString("type")).isEqualTo("/problems/" + slug);
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        return problem;
    }
}
