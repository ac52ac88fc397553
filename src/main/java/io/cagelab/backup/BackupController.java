package io.cagelab.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Let an admin download a backup of the running app ({@code ./cagelab backup FILE} calls this).
 */
@RestController
class BackupController {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

	private final Backups backups;

	private final Clock clock;

	BackupController(Backups backups, Clock clock) {
		this.backups = backups;
		this.clock = clock;
	}

	@GetMapping("/api/admin/backup")
	Mono<ResponseEntity<Flux<DataBuffer>>> backup() {
		String name = "cagelab-backup-" + STAMP.format(this.clock.instant()) + ".zip";
		return this.backups.write().map((archive) -> ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(DataBufferUtils.read(archive, DefaultDataBufferFactory.sharedInstance, 64 * 1024)
				.doFinally((signal) -> deleteQuietly(archive))));
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A leftover in data/backups/, overwritten by nothing and harmless.
		}
	}

}
