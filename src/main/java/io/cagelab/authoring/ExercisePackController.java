package io.cagelab.authoring;

import java.util.List;
import java.util.Map;

import io.cagelab.security.Viewer;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Exercise packs over HTTP: {@code .tar.gz} of exercise folders out ({@code application/gzip}, as an attachment)
 * and in. Trainers and admins only; for a learner none of it exists.
 */
@RestController
class ExercisePackController {

	static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

	private final ExercisePacks packs;

	private final PackProperties limits;

	ExercisePackController(ExercisePacks packs, PackProperties limits) {
		this.packs = packs;
		this.limits = limits;
	}

	@GetMapping("/api/authoring/exercises/{id}/export")
	Mono<ResponseEntity<byte[]>> exportOne(Viewer viewer, @PathVariable String id) {
		return teacher(viewer).then(Mono.defer(() -> this.packs.export(viewer, id))).map(ExercisePackController::attachment);
	}

	/** The named exercises ({@code ?id=a&id=b}), or every one the viewer may edit. */
	@GetMapping("/api/authoring/export")
	Mono<ResponseEntity<byte[]>> export(Viewer viewer, @RequestParam(name = "id", required = false) List<String> ids) {
		return teacher(viewer).then(Mono.defer(() -> this.packs.export(viewer, (ids != null) ? ids : List.of())))
			.map(ExercisePackController::attachment);
	}

	/** Import a pack; {@code replace=true} saves a new version of each exercise of it the viewer already has. */
	@PostMapping("/api/authoring/import")
	Mono<Map<String, List<ExercisePacks.Imported>>> importPack(Viewer viewer,
			@RequestParam(defaultValue = "false") boolean replace, ServerWebExchange exchange) {
		return teacher(viewer).then(body(exchange)).flatMap((pack) -> this.packs.importPack(viewer, pack, replace))
			.map((imported) -> Map.of("imported", imported));
	}

	/**
	 * The pack as sent, refused as soon as it passes its limit while it comes: only that much is ever held in memory,
	 * compressed. (Not by its announced length before reading: the body left unread then leaks Netty's buffers.)
	 */
	private Mono<byte[]> body(ServerWebExchange exchange) {
		long limit = this.limits.maxBody().toBytes();
		Mono<byte[]> tooLarge = Mono.error(() -> new AuthoringException(HttpStatus.CONTENT_TOO_LARGE,
				"pack.body-too-large", PackArchive.kibibytes(limit)));
		return DataBufferUtils.join(exchange.getRequest().getBody(), (int) limit)
			.map((buffer) -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return bytes;
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge)
			.defaultIfEmpty(new byte[0]);
	}

	private static Mono<Void> teacher(Viewer viewer) {
		return viewer.mayTeach() ? Mono.empty() : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static ResponseEntity<byte[]> attachment(ExercisePacks.Pack pack) {
		return ResponseEntity.ok().contentType(GZIP)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(pack.filename()).build()
				.toString())
			.body(pack.bytes());
	}

}
