package io.s3flow.common.tenant;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of the request being served, set once by {@link TenantFilter} after the token was checked. */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    public Tenant get() {
        if (tenant == null) {
            throw new IllegalStateException("No tenant on this request: the resource is not behind TenantFilter");
        }
        return tenant;
    }
}
