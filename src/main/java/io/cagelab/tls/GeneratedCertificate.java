package io.cagelab.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A self-signed certificate made once under the data directory and kept: learners accept it once, checking the
 * fingerprint their trainer reads out, and it stays the same across restarts and upgrades.
 */
final class GeneratedCertificate {

	static final String ALIAS = "cagelab";

	/** The key store's password reaches keytool in its environment, never on a command line that {@code ps} shows. */
	private static final String PASSWORD_VARIABLE = "CAGELAB_KEYSTORE_PASSWORD";

	private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

	private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

	private GeneratedCertificate() {
	}

	/** A PKCS#12 key store and its password. */
	record KeyStoreFile(Path file, String password) {
	}

	/** The key store in this folder, made (by the JDK's keytool) if there is none yet. */
	static KeyStoreFile ensure(Path folder, List<String> hostnames) {
		Path store = folder.resolve("cagelab.p12");
		Path passwordFile = folder.resolve("cagelab.p12.password");
		try {
			if (Files.isRegularFile(store) && Files.isRegularFile(passwordFile)) {
				return new KeyStoreFile(store, Files.readString(passwordFile).strip());
			}
			Files.createDirectories(folder);
			byte[] secret = new byte[24];
			new SecureRandom().nextBytes(secret);
			String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
			Path partial = folder.resolve("cagelab.p12.partial");
			Files.deleteIfExists(partial);
			keytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
					"SHA256withECDSA", "-validity", "825", "-dname", "CN=Cagelab", "-ext",
					"SAN=" + String.join(",", subjectAlternativeNames(hostnames)), "-keystore", partial.toString(),
					"-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE),
					password);
			// The password first: a crash between the two leaves no key store without it, and the next start makes one.
			Path passwordPartial = folder.resolve("cagelab.p12.password.partial");
			Files.writeString(passwordPartial, password + "\n", StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(passwordPartial, PosixFilePermissions.fromString("rw-------"));
			Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
			Files.move(passwordPartial, passwordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return new KeyStoreFile(store, password);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the HTTPS certificate in " + folder
					+ ": check that the data directory is writable", ex);
		}
	}

	/** localhost, 127.0.0.1, this machine's name and the names asked for, each as a DNS name or an IP address. */
	static List<String> subjectAlternativeNames(List<String> hostnames) {
		Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
		try {
			names.add(InetAddress.getLocalHost().getHostName());
		}
		catch (IOException ex) {
			// A machine without a resolvable name of its own: the others still hold.
		}
		hostnames.stream().map(String::strip).filter((name) -> !name.isEmpty()).forEach(names::add);
		List<String> entries = new ArrayList<>();
		for (String name : names) {
			if (IP_ADDRESS.matcher(name).matches()) {
				entries.add("ip:" + name);
			}
			else if (HOSTNAME.matcher(name).matches()) {
				entries.add("dns:" + name.toLowerCase(Locale.ROOT));
			}
			else {
				throw new IllegalArgumentException("cagelab.tls.hostnames: '" + name + "' is neither a host name nor"
						+ " an IP address");
			}
		}
		return entries;
	}

	/** The certificate of a key store, as the browser shows it. */
	static Certificate certificate(KeyStoreFile store) {
		try (InputStream in = Files.newInputStream(store.file())) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, store.password().toCharArray());
			return keyStore.getCertificate(ALIAS);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the HTTPS certificate in " + store.file() + ": " + ex.getMessage()
					+ " (delete it and its password file to make a new one)", ex);
		}
	}

	/** The first certificate of a PEM file. */
	static Certificate certificate(Path pem) {
		try (InputStream in = Files.newInputStream(pem)) {
			return CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cagelab.tls.certificate: " + pem + " is not a PEM certificate: "
					+ ex.getMessage(), ex);
		}
	}

	/** SHA-256 of the certificate, in the colon-separated hexadecimal that browsers print. */
	static String fingerprint(Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(List<String> arguments, String password) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put(PASSWORD_VARIABLE, password);
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IOException("keytool failed: " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while keytool made the certificate", ex);
		}
	}

}
