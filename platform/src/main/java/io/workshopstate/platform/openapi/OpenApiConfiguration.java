package io.workshopstate.platform.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.workshopstate.identity.Caller;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), generated
 * from the controllers. What every route shares, the bearer scheme and the problem answers, is added
 * here once instead of on every endpoint; each side's examples come from its {@code openapi/examples}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "workshop-state", version = "v1", description = """
        Event-sourced persistence for design-thinking workshops. Every `/api/**` request carries a bearer \
        JWT (`sub` is the user, `roles` any of participant, facilitator, admin). Every error is \
        `application/problem+json` with its own `type` URI. In the split deployment POSTs go to the \
        command side and GETs to the query side; each process describes the routes it serves."""))
@SecurityScheme(name = ApiDescription.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "HS256 with WORKSHOP_JWT_SECRET, or RS256 with the keys at WORKSHOP_JWT_JWK_SET_URI")
class OpenApiConfiguration {

    static {
        // Resolved from the bearer token, not sent by the client.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenApiCustomizer sharedApiDescription() {
        return new ApiDescription(Examples.load(new PathMatchingResourcePatternResolver()));
    }
}
