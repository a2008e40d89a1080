package io.aicaller.gateway.service;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.aicaller.gateway.config.GatewayConfig;
import io.aicaller.gateway.twilio.PublicUrl;

/** The gateway's own public webhook URLs, as handed to Twilio in TwiML and API calls. */
@ApplicationScoped
public class WebhookUrls {

    public static final String BASE_PATH = "/webhooks/twilio";
    public static final String MEDIA_PATH = BASE_PATH + "/media";

    private final Optional<String> base;
    private final Optional<String> mediaUrl;

    WebhookUrls(GatewayConfig config) {
        this.base = config.publicBaseUrl()
                .filter(url -> !url.isBlank())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.mediaUrl = config.streaming()
                .mediaUrl()
                .filter(url -> !url.isBlank())
                .or(() -> base.map(url -> PublicUrl.asWebSocket(url) + MEDIA_PATH));
    }

    /** An absolute webhook URL when the public base URL is known, else one relative to Twilio's current URL. */
    public String webhook(String name) {
        return base.orElse("") + BASE_PATH + "/" + name;
    }

    /** An absolute webhook URL; Twilio's REST API accepts nothing else. */
    public URI absoluteWebhook(String name) {
        return URI.create(base.orElseThrow(() -> new IllegalStateException(
                "gateway.public-base-url is not configured: Twilio cannot be told where to call back"))
                + BASE_PATH + "/" + name);
    }

    public Optional<String> mediaStreamUrl() {
        return mediaUrl;
    }
}
