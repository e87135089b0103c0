# vmrescue — ayuda de la línea de comandos (`vmrescue --help`, `vmrescue COMANDO --help`).
# Los mismos identificadores que en-US/help.ftl. Los nombres de comandos, las
# opciones, los nombres de valores (SOURCE, PATH, KEY…), las rutas, los nombres
# del registro y el código se dejan tal cual.

## Palabras propias de clap.
help-clap-usage = Uso
help-clap-arguments = Argumentos
help-clap-options = Opciones
help-clap-commands = Comandos
help-clap-print-help = Muestra la ayuda
help-clap-print-help-short = Muestra la ayuda (más detalles con '--help')
help-clap-print-help-long = Muestra la ayuda (un resumen con '-h')
help-clap-print-version = Muestra la versión
help-clap-help-command = Muestra este mensaje o la ayuda de los subcomandos indicados
help-clap-help-command-arg = Muestra la ayuda de los subcomandos
# En "[predeterminado: text]".
help-clap-default = predeterminado
# En "[valores posibles: kernel, complete]".
help-clap-possible-values = valores posibles
# Encabezado de la lista de valores con su ayuda.
help-clap-possible-values-heading = Valores posibles

## vmrescue
help-about = Rescata máquinas virtuales Windows que se detienen con una pantalla azul: diagnóstico sin conexión desde el disco del sistema operativo
help-after-help =
    Códigos de salida: 0 correcto, 1 error, 2 error de uso.
    Los orígenes se abren siempre en modo de solo lectura.
help-arg-lang = Idioma de los mensajes: en, sv o es (predeterminado: según LC_ALL/LANG; si no, en)

## vmrescue info
help-info-about = Muestra el formato de la imagen, las particiones, el volumen de Windows y el almacén BCD
help-info-long =
    Muestra el formato de la imagen, las particiones, el volumen de Windows y el almacén BCD.

    SOURCE es una imagen de disco (raw, VHD, VHDX, qcow2, VMDK; se detecta por su contenido) o un dispositivo de bloques.
help-info-arg-source = Imagen de disco o dispositivo de bloques
help-info-arg-json = Escribe JSON en lugar de texto
help-info-arg-stats = Muestra cuántos bytes se leyeron del origen y en cuántas solicitudes

## vmrescue ls
help-ls-about = Enumera un directorio (o muestra un archivo) del disco
help-ls-long =
    Enumera un directorio (o muestra un archivo) del disco.

    PATH es una ruta de Windows como `\Windows\System32` (también sirven las barras normales; no se distingue entre mayúsculas y minúsculas). Sin --partition, se resuelve en el volumen de Windows.
help-ls-arg-source = Imagen de disco o dispositivo de bloques
help-ls-arg-path = Directorio o archivo del volumen (predeterminado: la raíz)
help-ls-arg-partition = Número de partición tal como lo muestra `vmrescue info` (0 = un volumen sin tabla de particiones)
help-ls-arg-json = Escribe JSON en lugar de texto

## vmrescue cat
help-cat-about = Escribe el contenido de un archivo en la salida estándar, como `virt-cat`
help-cat-long =
    Escribe el contenido de un archivo en la salida estándar, como `virt-cat`.

    `path:stream` lee un flujo de datos alternativo.
help-cat-arg-source = Imagen de disco o dispositivo de bloques
help-cat-arg-path = Archivo del volumen, p. ej. `\Windows\System32\config\SYSTEM`
help-cat-arg-partition = Número de partición tal como lo muestra `vmrescue info`
help-cat-arg-stats = Muestra cuántos bytes se leyeron del origen y en cuántas solicitudes (en stderr)

## vmrescue reg
help-reg-about = Consulta el registro del Windows sin conexión, como `reg query`
help-reg-long =
    Consulta el registro del Windows sin conexión, como `reg query`.

    `vmrescue reg SOURCE KEY [VALUE]`, o `vmrescue reg --hive FILE KEY [VALUE]` para un archivo de subárbol suelto. KEY es `HKLM\SYSTEM\...`, `HKLM\SOFTWARE\...` o `HKLM\BCD00000000\...`; `CurrentControlSet` se resuelve mediante `SYSTEM\Select\Current`. Un subárbol que no se cerró correctamente se lee con sus .LOG1/.LOG2 aplicados en memoria.
help-reg-after-help =
    Ejemplos:
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\CurrentControlSet\Control\CrashControl'
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\Select' Current --json
      vmrescue reg --hive SYSTEM 'ControlSet001\Services\disk' -s
help-reg-arg-args = SOURCE KEY [VALUE] (o KEY [VALUE] con --hive)
help-reg-arg-hive = Lee un archivo de subárbol suelto en lugar de un disco
help-reg-arg-partition = Partición que contiene Windows (predeterminado: se busca automáticamente)
help-reg-arg-recursive = Enumera todas las subclaves de forma recursiva
help-reg-arg-json = Escribe JSON en lugar de texto

## vmrescue diagnose
help-diagnose-about = Diagnostica por qué se detiene Windows: el código de detención, las cuatro causas de 0xC000021A ordenadas con sus pruebas, si se puede escribir un volcado de memoria y los pasos siguientes
help-diagnose-long =
    Diagnostica por qué se detiene Windows: el código de detención, las cuatro causas de 0xC000021A ordenadas con sus pruebas, si se puede escribir un volcado de memoria y los pasos siguientes.

    Las entradas son discos (y, como pruebas adicionales, capturas de pantalla de diagnósticos de arranque y registros de la consola serie), que se detectan por su contenido.
help-diagnose-arg-inputs = Imágenes de disco (y capturas de pantalla, registros de la consola serie)
help-diagnose-arg-format = Formato del informe
help-diagnose-arg-format-value-text = Texto para el terminal
help-diagnose-arg-format-value-json = JSON (claves en inglés; esquema en docs/diagnosis.schema.json)
help-diagnose-arg-format-value-html = Un informe HTML en un único archivo
help-diagnose-arg-output = Escribe el informe en FILE en lugar de en la salida estándar
help-diagnose-arg-partition = Partición que contiene Windows (predeterminado: se busca automáticamente)
help-diagnose-arg-ram = RAM de la máquina virtual (p. ej. 16G, 8192M), para comprobar el archivo de paginación y el espacio libre para un volcado de memoria completo
help-diagnose-arg-stats = Muestra cuántos bytes se leyeron de los orígenes y en cuántas solicitudes (en stderr)
help-diagnose-arg-stop-code = El código de detención que vio (en la captura de pantalla de diagnósticos de arranque o en la consola): 0xC000021A, o un nombre como CRITICAL_PROCESS_DIED o STATUS_SYSTEM_PROCESS_TERMINATED. Se registra como prueba con origen "user"; si el disco indica otra cosa, se muestra

## vmrescue bcd
help-bcd-about = Muestra el almacén BCD descodificado como `bcdedit /enum all /v`: Administrador de arranque, cargadores de arranque, EMS/consola serie, configuración de recuperación y de modo seguro
help-bcd-arg-source = Imagen de disco (el almacén se busca en la partición del sistema EFI o en la partición activa)
help-bcd-arg-store = Lee en su lugar un archivo de subárbol BCD suelto
help-bcd-arg-partition = Partición que contiene Windows (predeterminado: se busca automáticamente)
help-bcd-arg-json = Escribe JSON en lugar de texto

## vmrescue prepare-dump
help-prepare-dump-about = Habilita sin conexión los volcados de memoria, los volcados de memoria por NMI y la consola serie
help-prepare-dump-long =
    Habilita sin conexión los volcados de memoria, los volcados de memoria por NMI y la consola serie.

    TARGET es el volumen de Windows montado (un directorio como /mnt/osdisk o F:\\) o, con --in-place, una imagen raw o VHD de tamaño fijo. Sin --apply, solo muestra el plan (cada valor antes → después, en cada conjunto de controles al que hace referencia Select, y cada elemento de BCD). Con --apply, hace una copia de seguridad de cada archivo, escribe de forma atómica, vuelve a leer lo escrito y lo comprueba.
help-prepare-dump-after-help =
    Ejemplo:
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G          # el plan
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G --apply  # aplicarlo
      vmrescue prepare-dump /mnt/osdisk --undo                                     # restaurar
help-prepare-dump-arg-target = Volumen de Windows montado, o una imagen con --in-place
help-prepare-dump-arg-apply = Escribe los cambios (predeterminado: solo muestra el plan)
help-prepare-dump-arg-undo = Restaura los archivos desde la copia de seguridad más reciente que hizo vmrescue
help-prepare-dump-arg-dump-type = Tipo de volcado de memoria
help-prepare-dump-arg-dump-file = Dónde escribe Windows el volcado (DumpFile), p. ej. %SystemRoot%\\MEMORY.DMP
help-prepare-dump-arg-dedicated-dump-file = Usa un archivo de volcado dedicado (DedicatedDumpFile), p. ej. C:\\dd.sys
help-prepare-dump-arg-dedicated-size = Tamaño del archivo de volcado dedicado en MB (DumpFileSize)
help-prepare-dump-arg-nmi = Establece NMICrashDump=1 para que una NMI escriba un volcado de memoria
help-prepare-dump-arg-serial-console = Activa EMS (consola serie, SAC) para la entrada de arranque predeterminada: puerto 1, 115200 baudios
help-prepare-dump-arg-boot-menu = Muestra el menú de arranque (displaybootmenu, timeout, bootems en {"{"}bootmgr{"}"})
help-prepare-dump-arg-ram = RAM de la máquina virtual (p. ej. 16G), para comprobar el archivo de paginación y el espacio libre
help-prepare-dump-arg-bcd = El almacén BCD, cuando la partición del sistema EFI está montada en otro lugar
help-prepare-dump-arg-in-place = Edita el subárbol dentro de una imagen raw o VHD de tamaño fijo, solo si cabe en sus clústeres existentes
help-prepare-dump-arg-force = Escribe aunque el volumen NTFS esté marcado como con errores (dirty)
help-prepare-dump-arg-json = Escribe JSON en lugar de texto

## vmrescue collect
help-collect-about = Recopila un paquete de soporte: todos los volcados de memoria (incluido uno que aún esté en pagefile.sys), los subárboles del registro con sus registros de transacciones, el BCD, los registros de eventos, los registros de CBS/DISM y de instalación, y el diagnóstico, con un manifiesto de hashes SHA-256
help-collect-long =
    Recopila un paquete de soporte: todos los volcados de memoria (incluido uno que aún esté en pagefile.sys), los subárboles del registro con sus registros de transacciones, el BCD, los registros de eventos, los registros de CBS/DISM y de instalación, y el diagnóstico, con un manifiesto de hashes SHA-256.

    BUNDLE es un .tar.zst (zstd multiproceso, manifest.json primero) o una carpeta con --dir. Se escribe como BUNDLE.partial y solo se le cambia el nombre cuando está completo. Un volcado de memoria contiene secretos: use --encrypt-to.
help-collect-arg-source = Imagen de disco, dispositivo de bloques o URL
help-collect-arg-output = El paquete que se va a escribir
help-collect-arg-dir = Escribe archivos normales en una carpeta en lugar de un .tar.zst
help-collect-arg-no-memory-dump = Omite MEMORY.DMP y los volcados recuperados de pagefile.sys o de un archivo de volcado dedicado (los minivolcados se incluyen)
help-collect-arg-encrypt-to = Cifra el paquete para un destinatario de age (age1…) o una clave pública SSH; se puede repetir
help-collect-arg-partition = Partición que contiene Windows (predeterminado: se busca automáticamente)

## vmrescue verify
help-verify-about = Comprueba un paquete: vuelve a leer cada miembro y lo compara con el manifiesto y SHA256SUMS
help-verify-long =
    Comprueba un paquete: vuelve a leer cada miembro y lo compara con el manifiesto y SHA256SUMS.

    Código de salida 0 si el paquete está intacto, 1 si algo no coincide.
help-verify-arg-bundle = El paquete (.tar.zst, .tar.zst cifrado o una carpeta de --dir)
help-verify-arg-identity = Archivo de identidad de age para descifrar un paquete cifrado
help-verify-arg-json = Escribe JSON en lugar de texto

## vmrescue dump
help-dump-about = Busca y descodifica volcados de memoria: el código de detención, sus parámetros y su significado, el proceso que terminó, los módulos cargados
help-dump-long =
    Busca y descodifica volcados de memoria: el código de detención, sus parámetros y su significado, el proceso que terminó, los módulos cargados.

    PATH es un archivo de volcado (MEMORY.DMP, un minivolcado, un .dmp en modo de usuario) o una imagen de disco: en ese caso se descodifican todos los volcados que dejó Windows, incluido uno que aún esté dentro de pagefile.sys.
help-dump-arg-path = Un archivo de volcado o una imagen de disco
help-dump-arg-partition = Partición que contiene Windows (predeterminado: se busca automáticamente)
help-dump-arg-json = Escribe JSON en lugar de texto
help-dump-arg-extract = Escribe un volcado encontrado en pagefile.sys en DIR como un .dmp normal

## vmrescue triage
help-triage-about = Diagnostica muchos discos, cada uno por separado y en paralelo, en JSON Lines
help-triage-long =
    Diagnostica muchos discos, cada uno por separado y en paralelo, en JSON Lines.

    Una línea por origen (imagen, dispositivo o URL) en cuanto termina: source (con las firmas ocultas), ok, error, stop_code, stop_name, top_cause, repairs, elapsed_ms, bytes_read y el diagnóstico completo que `diagnose --format json` imprime para ese origen solo. Un origen que falla da una línea de error y la ejecución continúa. Un resumen (por código de detención y por causa) va a stderr. Código de salida 0 solo cuando se diagnosticaron todos los orígenes.
help-triage-after-help =
    Ejemplo:
      vmrescue triage /disks/*.vhd -o fleet.jsonl
      vmrescue triage --sources-from urls.txt --jobs 8 > fleet.jsonl
help-triage-arg-sources = Imágenes de disco, dispositivos de bloques o URL
help-triage-arg-sources-from = Lee más orígenes de ARCHIVO, uno por línea (- para la entrada estándar; # inicia un comentario)
help-triage-arg-jobs = Orígenes diagnosticados a la vez (predeterminado: el número de CPU)
help-triage-arg-output = Escribe las JSON Lines en ARCHIVO en lugar de la salida estándar
help-triage-arg-ram = RAM de las máquinas virtuales (p. ej. 16G), para comprobar el archivo de paginación y el espacio libre para un volcado completo
help-triage-arg-shard = Solo la parte K de N (desde 0) de la lista completa: uno de cada N orígenes a partir del K-ésimo, como reparte el trabajo un Job indexado de Kubernetes (K = $JOB_COMPLETION_INDEX)

## vmrescue completions
help-completions-about = Imprime un script de autocompletado para un shell (bash, zsh, fish, elvish, powershell)
help-completions-after-help =
    Ejemplo:
      vmrescue completions bash > /etc/bash_completion.d/vmrescue
help-completions-arg-shell = El shell

## vmrescue man
help-man-about = Imprime la página de manual (roff), generada a partir de esta ayuda
help-man-after-help =
    Ejemplo:
      vmrescue man > vmrescue.1 && man -l vmrescue.1
