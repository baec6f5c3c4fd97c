package io.workshopstate.platform.security;

import io.workshopstate.identity.Role;
import io.workshopstate.platform.problem.ProblemType;
import io.workshopstate.platform.problem.ProblemWriter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.core.convert.converter.Converter;

import javax.crypto.spec.SecretKeySpec;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfiguration {

    private static final String PARTICIPANT = Role.PARTICIPANT.claimValue();
    private static final String FACILITATOR = Role.FACILITATOR.claimValue();
    private static final String ADMIN = Role.ADMIN.claimValue();

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemWriter problems) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(routes -> routes
                        // Container health checks and orchestrators' probes carry no token.
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // An async dispatch continues a request (a progress stream) that was authorized as it began.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(POST, "/api/workshops").hasRole(FACILITATOR)
                        .requestMatchers(POST, "/api/workshops/*/close").hasRole(FACILITATOR)
                        .requestMatchers(GET, "/api/workshops/*/sessions", "/api/workshops/*/progress/stream")
                                .hasAnyRole(FACILITATOR, ADMIN)
                        .requestMatchers(POST, "/api/workshop/session/create", "/api/workshop/save",
                                "/api/sessions/*/chat-messages", "/api/sessions/*/steps/*/undo",
                                "/api/sessions/*/steps/*/redo").hasRole(PARTICIPANT)
                        .requestMatchers(GET, "/api/me/sessions").hasRole(PARTICIPANT)
                        .requestMatchers("/api/admin/**").hasRole(ADMIN)
                        .requestMatchers(DELETE, "/api/participants/*").hasRole(ADMIN)
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authenticationOf))
                        .authenticationEntryPoint((request, response, failure) ->
                                problems.write(response, ProblemType.UNAUTHENTICATED, "A valid bearer token is required"))
                        .accessDeniedHandler((request, response, denied) ->
                                problems.write(response, ProblemType.FORBIDDEN, "Your role does not allow this request")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, failure) ->
                                problems.write(response, ProblemType.UNAUTHENTICATED, "A valid bearer token is required"))
                        .accessDeniedHandler((request, response, denied) ->
                                problems.write(response, ProblemType.FORBIDDEN, "Your role does not allow this request")))
                .build();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusJwtDecoder decoder = properties.jwkSetUri() != null
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                        .jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusJwtDecoder.withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), CallerClaims.validator()));
        return decoder;
    }

    private static AbstractAuthenticationToken authenticationOf(Jwt jwt) {
        var authorities = CallerClaims.rolesOf(jwt).stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.claimValue()))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
