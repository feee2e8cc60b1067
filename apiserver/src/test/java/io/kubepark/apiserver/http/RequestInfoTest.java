package io.kubepark.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The labels of the request metrics, as kube-apiserver's RequestInfoFactory, CleanVerb and CleanScope give them. */
class RequestInfoTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET|/api/v1/namespaces/demo/pods|-|false|LIST||v1|pods||namespace",
            "GET|/api/v1/pods|-|false|LIST||v1|pods||cluster",
            "GET|/api/v1/pods|-|true|WATCH||v1|pods||cluster",
            "GET|/api/v1/watch/namespaces/demo/pods|-|false|WATCH||v1|pods||namespace",
            "GET|/api/v1/namespaces/demo/pods/web-0|-|false|GET||v1|pods||resource",
            "GET|/api/v1/namespaces/demo/pods/web-0/log|-|false|GET||v1|pods|log|resource",
            "POST|/apis/apps/v1/namespaces/demo/statefulsets|application/json|false|POST|apps|v1|statefulsets||resource",
            "PATCH|/apis/apps/v1/namespaces/demo/statefulsets/web|application/apply-patch+yaml|false|APPLY|apps|v1|statefulsets||resource",
            "PATCH|/apis/apps/v1/namespaces/demo/statefulsets/web/scale|application/merge-patch+json|false|PATCH|apps|v1|statefulsets|scale|resource",
            "PUT|/api/v1/namespaces/demo/status|application/json|false|PUT||v1|namespaces|status|resource",
            "PUT|/api/v1/namespaces/demo/finalize|application/json|false|PUT||v1|namespaces|finalize|resource",
            "GET|/api/v1/namespaces/demo|-|false|GET||v1|namespaces||resource",
            "DELETE|/api/v1/namespaces/demo/configmaps|-|false|DELETECOLLECTION||v1|configmaps||namespace",
            "DELETE|/api/v1/nodes/node-1|-|false|DELETE||v1|nodes||resource",
            "GET|/apis/apps/v1|-|false|GET|||||",
            "GET|/api/v1|-|false|GET|||||",
            "GET|/version|-|false|GET|||||",
            "GET|/metrics|-|false|GET|||||",
    })
    void labelsAreReadOffMethodAndPath(String method, String path, String contentType, boolean watch, String verb,
            String group, String version, String resource, String subresource, String scope) {
        RequestInfo info = RequestInfo.of(method, contentType, HttpApi.segments(path), watch, false);
        assertThat(info).isEqualTo(new RequestInfo(verb, "", blank(group), blank(version), blank(resource),
                blank(subresource), blank(scope)));
    }

    @ParameterizedTest
    @CsvSource({"true,All", "false,''"})
    void dryRunIsAllWhenAsked(boolean dryRun, String label) {
        assertThat(RequestInfo.of("POST", "application/json", HttpApi.segments("/api/v1/namespaces/d/pods"), false,
                dryRun).dryRun()).isEqualTo(label);
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
