package io.kubepark.apiserver.http;

import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Errors a test asks the HTTP API to answer instead of serving: a chosen status code for chosen verbs and
 * resources, a watch that ends with 410 Gone, open watches dropped. Only clients over HTTP meet them; KubePark's
 * own controllers go on unharmed, as a real control plane's would while one client's requests fail.
 */
public final class Faults {
    /** The verbs of the API, as RBAC names them. */
    public static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Set<String> expireNextWatch = ConcurrentHashMap.newKeySet();
    private final Set<WatchStream> open = ConcurrentHashMap.newKeySet();

    /**
     * A rule: requests with this verb ({@code *} for any) on this resource (plural name such as {@code pods},
     * with {@code /subresource} to narrow it, {@code *} for any) are answered with {@code code}, {@code times}
     * times, or until cleared when {@code times} is 0.
     */
    private static final class Rule {
        final String verb;
        final String resource;
        final int code;
        int left;

        Rule(String verb, String resource, int code, int times) {
            this.verb = verb;
            this.resource = resource;
            this.code = code;
            this.left = times <= 0 ? -1 : times;
        }

        boolean matches(String verb, ResourceType type, String subresource) {
            if (!this.verb.equals("*") && !this.verb.equals(verb)) {
                return false;
            }
            String name = subresource == null ? type.resource() : type.resource() + "/" + subresource;
            return resource.equals("*") || resource.equals(name)
                    || (subresource == null && resource.equals(type.resource()));
        }

        /** Takes one use; false once used up. */
        synchronized boolean use() {
            if (left == 0) {
                return false;
            }
            if (left > 0) {
                left--;
            }
            return true;
        }
    }

    /** Answers {@code verb} on {@code resource} with {@code code}; see {@link Rule}. */
    public void fail(String verb, String resource, int code, int times) {
        if (!verb.equals("*") && !VERBS.contains(verb)) {
            throw new IllegalArgumentException("unknown verb " + verb + ": one of " + VERBS + " or *");
        }
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("an injected fault is an error status, 400 to 599: " + code);
        }
        rules.add(new Rule(verb, resource, code, times));
    }

    /** The next watch of {@code resource} (plural name) gets 410 Gone, as if its resourceVersion were too old. */
    public void expireNextWatch(String resource) {
        expireNextWatch.add(resource);
    }

    /** Ends every open watch of {@code resource} ({@code *} for all) now; clients reconnect as they would. */
    public void dropWatches(String resource) {
        for (WatchStream s : new ArrayList<>(open)) {
            if (resource.equals("*") || resource.equals(s.type().resource())) {
                s.drop();
            }
        }
    }

    /** Removes every rule and pending watch expiry. */
    public void clear() {
        rules.clear();
        expireNextWatch.clear();
    }

    /** The injected error for this request, or null to serve it. */
    ApiException check(String verb, ResourceType type, String subresource, String name) {
        if (rules.isEmpty()) {
            return null;
        }
        for (Rule r : rules) {
            if (r.matches(verb, type, subresource) && r.use()) {
                return error(r.code, type, name);
            }
        }
        return null;
    }

    boolean takeWatchExpiry(ResourceType type) {
        return expireNextWatch.remove(type.resource()) || expireNextWatch.remove("*");
    }

    void opened(WatchStream stream) {
        open.add(stream);
    }

    void closed(WatchStream stream) {
        open.remove(stream);
    }

    private static ApiException error(int code, ResourceType type, String name) {
        String what = name == null ? type.qualifiedResource() : type.qualifiedResource() + " \"" + name + "\"";
        return switch (code) {
            case 409 -> ApiException.conflict(type, name == null ? "" : name,
                    "the object has been modified; please apply your changes to the latest version and try again");
            case 429 -> ApiException.tooManyRequests();
            case 500 -> ApiException.internal("injected fault on " + what);
            case 400 -> ApiException.badRequest("injected fault on " + what);
            case 401 -> ApiException.of(401, "Unauthorized", "Unauthorized");
            case 403 -> ApiException.of(403, "Forbidden", what + " is forbidden: injected fault");
            case 404 -> ApiException.notFound(type, name == null ? "" : name);
            case 410 -> ApiException.expired("too old resource version");
            case 503 -> ApiException.of(503, "ServiceUnavailable", "the server is currently unable to handle the request");
            case 504 -> ApiException.of(504, "Timeout", "the server was unable to return a response in the time allotted");
            default -> ApiException.of(code, "InternalError", "injected fault on " + what);
        };
    }
}
