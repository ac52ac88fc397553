package io.cagelab.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Let controllers take the request's {@link Viewer} as an argument.
 */
@Configuration(proxyBeanMethods = false)
class ViewerConfiguration implements WebFluxConfigurer {

	private final ViewerResolver viewers;

	ViewerConfiguration(ViewerResolver viewers) {
		this.viewers = viewers;
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(this.viewers);
	}

}
