package io.s3flow.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies the two kinds of token s3flow accepts, each by its own rules, with smallrye-jwt's own parser:
 * <ul>
 * <li>service tokens (issuer {@code s3flow-service}): only the service key, audience this service, at most a few
 * minutes long; they get the role {@code service:<sub>}, which internal endpoints name;</li>
 * <li>users' tokens (issuer {@code mp.jwt.verify.issuer}): the configured keys but never the service key, the
 * configured audiences if any, at most {@code s3flow.user-token.max-lifetime} long; a service group in them is
 * dropped.</li>
 * </ul>
 * Neither may say it was issued later than now (beyond the clock skew): such a token would be good from now until its
 * {@code exp}, however far off, while its {@code exp - iat} stayed within the maximum lifetime.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class TokenVerification extends JWTCallerPrincipalFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parser per kind: a parser keeps the key resolver of the first configuration it saw. */
    private final DefaultJWTTokenParser userParser = new DefaultJWTTokenParser();
    private final DefaultJWTTokenParser serviceParser = new DefaultJWTTokenParser();
    private final ServiceTokenConfig service;
    private final UserTokenConfig user;
    private final String serviceName;
    private volatile JWTAuthContextInfo userInfo;
    private volatile JWTAuthContextInfo serviceInfo;

    TokenVerification(ServiceTokenConfig service, UserTokenConfig user,
            @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.service = service;
        this.user = user;
        this.serviceName = serviceName;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo configured) throws ParseException {
        JsonNode header = part(token, 0);
        boolean serviceToken = service.issuer().equals(part(token, 1).path(Claims.iss.name()).asText(null));
        if (serviceToken) {
            JwtContext context = serviceParser.parse(token, serviceInfo(configured));
            JwtClaims claims = context.getJwtClaims();
            requireIssuedAlready(claims, configured.getClockSkew());
            claims.setStringListClaim(Claims.groups.name(), List.of(Groups.CALLER_PREFIX + subject(claims)));
            return principal(context, claims);
        }
        if (service.keyId().equals(header.path("kid").asText(null))) {
            throw new ParseException("the service key signs service tokens only");
        }
        JwtContext context = userParser.parse(token, userInfo(configured));
        JwtClaims claims = context.getJwtClaims();
        requireIssuedAlready(claims, configured.getClockSkew());
        try {
            List<String> groups = claims.hasClaim(Claims.groups.name()) ? claims.getStringListClaimValue(Claims.groups.name()) : List.of();
            claims.setStringListClaim(Claims.groups.name(), groups.stream().filter(g -> !Groups.isServiceGroup(g)).toList());
        } catch (MalformedClaimException e) {
            throw new ParseException("groups must be a list of strings");
        }
        return principal(context, claims);
    }

    private JWTAuthContextInfo userInfo(JWTAuthContextInfo configured) {
        if (userInfo == null) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(configured);
            info.setMaxTimeToLiveSecs(user.maxLifetime().toSeconds());
            userInfo = info;
        }
        return userInfo;
    }

    private JWTAuthContextInfo serviceInfo(JWTAuthContextInfo configured) {
        if (serviceInfo == null) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(configured);
            info.setIssuedBy(service.issuer());
            info.setExpectedAudience(Set.of(serviceName));
            info.setTokenKeyId(service.keyId());
            info.setMaxTimeToLiveSecs(service.maxLifetime().toSeconds());
            service.verifyKeyLocation().ifPresent(location -> {
                info.setPublicKeyLocation(location);
                info.setPublicKeyContent(null);
                info.setPublicVerificationKey(null);
            });
            serviceInfo = info;
        }
        return serviceInfo;
    }

    private static void requireIssuedAlready(JwtClaims claims, int clockSkewSeconds) throws ParseException {
        try {
            NumericDate issued = claims.getIssuedAt();
            if (issued == null || issued.getValue() > NumericDate.now().getValue() + clockSkewSeconds) {
                throw new ParseException("the token says it was issued in the future");
            }
        } catch (MalformedClaimException e) {
            throw new ParseException("iat must be a number");
        }
    }

    private static String subject(JwtClaims claims) throws ParseException {
        try {
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new ParseException("a service token names its caller in sub");
            }
            return subject;
        } catch (MalformedClaimException e) {
            throw new ParseException("sub must be a string");
        }
    }

    private static JWTCallerPrincipal principal(JwtContext context, JwtClaims claims) {
        return new DefaultJWTCallerPrincipal(context.getJoseObjects().get(0).getHeader("typ"), claims);
    }

    /** A part of the compact token, decoded without any check: only to choose the rules it is then verified by. */
    private static JsonNode part(String token, int index) {
        String[] parts = token.split("\\.", 4);
        if (parts.length <= index) {
            return JSON.missingNode();
        }
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
            return node == null ? JSON.missingNode() : node;
        } catch (IOException | IllegalArgumentException e) {
            return JSON.missingNode();
        }
    }
}
