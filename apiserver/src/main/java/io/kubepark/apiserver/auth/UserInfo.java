package io.kubepark.apiserver.auth;

import java.util.List;

/** Who made a request, as an authenticator names them: the user name and the groups it belongs to. */
public record UserInfo(String name, List<String> groups) {
    public static final String MASTERS = "system:masters";
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    /** The user of the credential {@code kubepark serve} writes into its kubeconfig. */
    public static final UserInfo ADMIN = new UserInfo("kubepark-admin", List.of(MASTERS, AUTHENTICATED));
    /** Who a request without credentials is, where the API lets it in at all. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of(UNAUTHENTICATED));

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** The user a ServiceAccount token authenticates as. */
    public static UserInfo serviceAccount(String namespace, String name) {
        return new UserInfo("system:serviceaccount:" + namespace + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }
}
