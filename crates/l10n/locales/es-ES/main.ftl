# vmrescue — mensajes en español.
err-prefix = error
warn-prefix = advertencia
note-prefix = nota
info-title = Imagen de disco
info-format = Formato
info-virtual-size = Tamaño virtual
info-scheme = Tabla de particiones
info-sector-size = Tamaño de sector
info-disk-id = Id. de disco
info-partitions = { $count ->
    [one] { $count } partición
   *[other] { $count } particiones
}
info-col-index = #
info-col-start = Inicio
info-col-size = Tamaño
info-col-fs = Sistema de archivos
info-col-type = Tipo
info-col-label = Etiqueta
info-active = activa
info-windows = Instalación de Windows
info-windows-none = No se encontró ninguna instalación de Windows (no hay \Windows\System32\config\SYSTEM en ningún volumen legible).
info-windows-many = Se encontraron varias instalaciones de Windows: { $count }. Elija una con --partition.
info-bcd = Almacén BCD
info-bcd-none = No se encontró ningún almacén BCD (ni \Boot\BCD ni \EFI\Microsoft\Boot\BCD).
info-bcd-other = Otro almacén BCD
info-bitlocker = La partición { $index } está cifrada con BitLocker: desbloquéela primero.
info-unreadable = No se pudo leer la partición { $index }: { $reason }
info-on-partition = partición { $index }, { $path }
ls-col-name = Nombre
ls-col-size = Tamaño
ls-col-modified = Modificado
ls-col-created = Creado
ls-col-changed = MFT cambiado
ls-col-accessed = Accedido
ls-dir = <DIR>
stats-read = Se leyeron { $bytes } bytes del origen en { $reads } solicitudes.
err-no-volume = No hay ningún volumen que leer: no se encontró ninguna instalación de Windows y el disco tiene { $count } sistemas de archivos. Elija uno con --partition.
err-no-partition = No hay ninguna partición { $index } en este disco.
err-is-directory = { $path } es un directorio; use `vmrescue ls`.
err-unknown-stop-code = { $code } no es un código de detención que vmrescue conozca: indíquelo en hexadecimal (0xC000021A) o por su nombre (CRITICAL_PROCESS_DIED, STATUS_SYSTEM_PROCESS_TERMINATED).
err-not-a-dump = { $path } no es un volcado de memoria (no empieza con la firma PAGEDUMP, PAGEDU64 ni MDMP); leído como imagen de disco: { $error }
err-write-output = No se puede escribir el informe en { $path }: { $error }
reg-last-write = última escritura
reg-default-value = (Predeterminado)
reg-usage = uso: vmrescue reg ORIGEN CLAVE [VALOR], o vmrescue reg --hive ARCHIVO CLAVE [VALOR]
reg-unknown-hive = { $key }: la clave debe empezar por HKLM\SYSTEM, HKLM\SOFTWARE, HKLM\SAM, HKLM\SECURITY o HKLM\BCD00000000
reg-key-not-found = { $key }: no se encontró la clave
reg-value-not-found = { $key }: no hay ningún valor llamado "{ $value }"
reg-logs-applied = { $path } no se cerró correctamente: se aplicaron en memoria { $entries } entradas de { $logs } registros de transacciones (el disco no se modifica).
reg-logs-not-applied = { $path } no se cerró correctamente y sus registros de transacciones no se pudieron aplicar; se lee tal como está en el disco y pueden faltar los cambios recientes.
dump-none-found = No se encontró ningún volcado de memoria en este disco (ni MEMORY.DMP, ni minivolcado, ni archivo de volcado dedicado, ni volcado en pagefile.sys, ni volcado de WER).
dump-location = Volcado
dump-extracted = Escrito en { $path } ({ $bytes } bytes).
dump-bucket = Bucket
dump-type = Tipo
dump-build = compilación
dump-cpus = procesadores
dump-crash-time = Hora del bloqueo
dump-bugcheck = Código de detención
dump-arg = Arg
dump-process = Proceso
dump-faulting-module = Módulo con errores
dump-modules = Módulos cargados
dump-user-mode = minivolcado en modo de usuario
dump-exception = Excepción
facts-title = Windows (según el Registro)
facts-os = Sistema operativo
facts-computer-name = Nombre del equipo
facts-last-shutdown = Último apagado correcto
facts-time-zone = Zona horaria
facts-control-set = Conjunto de controles actual
facts-dump-type = Tipo de volcado de memoria
facts-dump-file = Archivo de volcado
facts-nmi = NMICrashDump
facts-auto-reboot = AutoReboot
facts-page-files = Archivos de paginación
facts-services = Servicios y controladores
facts-hive-replay = registros de transacciones: { $outcome }

# --- Capturas de pantalla de diagnósticos de arranque y registros de la consola serie (vmrescue-screen) ---
screen-kind-stop-screen = Pantalla de error de detención ("Su PC tuvo un problema")
screen-kind-legacy-stop-screen = Pantalla de error de detención en modo texto ("*** STOP: 0x…")
screen-kind-ems-blue-screen = Registro del error de detención en la consola serie (EMS)
screen-kind-hardware-malfunction = Pantalla "Hardware Malfunction" (NMI)
screen-kind-boot-manager-error = Error del Administrador de arranque de Windows
screen-kind-recovery-error = Pantalla de recuperación ("Es necesario reparar el PC o dispositivo")
screen-kind-boot-manager-menu = Menú del Administrador de arranque de Windows, a la espera de una selección
screen-kind-getting-windows-ready = "Preparando Windows"
screen-kind-working-on-updates = Windows Update en curso ("Trabajando en las actualizaciones")
screen-kind-automatic-repair = Reparación automática
screen-kind-setup-failed = El programa de instalación de Windows no pudo terminar
screen-kind-bootmgr-missing = "BOOTMGR is missing" (falta BOOTMGR)
screen-kind-bootmgr-compressed = "BOOTMGR is compressed" (BOOTMGR está comprimido)
screen-kind-disk-read-error = "A disk read error occurred" (se produjo un error de lectura del disco)
screen-kind-no-boot-device = No se encontró ningún sistema operativo ni dispositivo de arranque
screen-kind-windows-logo = Logotipo de Windows (arrancando, o reiniciándose en bucle)
screen-kind-blank = Pantalla en blanco
screen-kind-unknown = Pantalla no reconocida
screen-category-crash = error de detención
screen-category-boot-failure = error de arranque
screen-category-waiting = en espera
screen-category-none = nada reconocido
screen-code-on-screen = aparece en la pantalla
screen-code-from-name = aparece como nombre y se buscó su código
screen-code-implied = no aparece; se deduce de la pantalla
screen-err-io = No se puede leer { $path }: { $reason }
screen-err-empty = El archivo está vacío.
screen-err-too-large = El archivo tiene { $size } bytes; las capturas de pantalla y los registros de la consola serie se leen hasta { $max } bytes.
screen-err-not-recognised-binary = No es una captura de pantalla PNG, JPEG o BMP ni un registro de la consola serie (contenido binario sin firma de imagen).
screen-err-not-recognised-text = Es un archivo de texto, pero no un registro de la consola serie: no contiene texto del Administrador de arranque de Windows, de SAC/EMS ni de un error de detención.
screen-err-unsupported-image = No se admiten imágenes { $format }: convierta primero la captura de pantalla a PNG.
screen-err-corrupt-image = La captura de pantalla { $format } está dañada o truncada: { $reason }
screen-err-image-too-large = La captura de pantalla supera los { $max }×{ $max } píxeles: { $reason }
screen-err-ocr-not-built = Esta compilación de vmrescue no puede leer capturas de pantalla: se compiló sin la característica "ocr" (Tesseract).
screen-err-ocr-unavailable = Tesseract OCR no puede iniciarse con el idioma "{ $lang }": { $reason }. En Debian: apt-get install tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa
screen-err-ocr-failed = Error de Tesseract OCR: { $reason }

# --- Base de conocimiento de errores de arranque (vmrescue-screen, kb) ---
kb-source-screen = captura de pantalla de diagnósticos de arranque
kb-source-serial-log = registro de la consola serie
kb-source-dump = volcado de memoria
kb-source-event-log = registro de eventos
kb-source-disk = disco
kb-check-screen-code = La captura de pantalla de diagnósticos de arranque o el registro de la consola serie muestran este código de detención o de estado.
kb-check-screen-kind = La captura de pantalla de diagnósticos de arranque o el registro de la consola serie muestran esta pantalla.
kb-check-dump-bugcheck = El volcado de memoria (MEMORY.DMP o un minivolcado) registra este código de detención.
kb-check-kernel-power-41 = El evento 41 de Kernel-Power del registro del sistema guarda el código de detención.
kb-check-user-mode-dump = Un volcado en modo de usuario del proceso crítico, escrito por Informe de errores de Windows antes del error de detención.
kb-check-pending-updates = Hay operaciones de mantenimiento pendientes: Windows\WinSxS\pending.xml, paquetes en estado Install Pending o Uninstall Pending, CBS.log.
kb-check-windows-update-events = Los eventos 19 y 20 de WindowsUpdateClient en torno al momento del error.
kb-check-bcd-device-mismatch = Los elementos device y osdevice del almacén BCD no apuntan a las particiones del disco.
kb-check-active-partition = La partición de Windows no está marcada como activa (generación 1, MBR).
kb-check-ntfs-dirty = El volumen NTFS está marcado como sucio (dirty bit).
kb-check-hive-dirty = Un subárbol del registro no se cerró correctamente: los números de secuencia de su encabezado no coinciden, o .LOG1/.LOG2 contienen cambios que aún no se han escrito en él.
kb-check-hive-unreadable = El subárbol SYSTEM no se carga, o se carga vacío.
kb-check-regback-empty = Las copias de seguridad de config\RegBack son archivos vacíos y no sirven para restaurar.
kb-check-file-versus-winsxs = El archivo que aparece en la pantalla es distinto de las copias de la misma versión en \Windows\WinSxS.
kb-check-unsigned-drivers = Controladores o servicios cuyos archivos no están firmados; el registro operativo de CodeIntegrity.
kb-check-service-error-control = RDAgent o los servicios de Azure Backup (AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc, AzureWLBackupPluginSvc) están marcados como críticos (ErrorControl 2 o 3).
kb-check-bad-memory-list = El objeto { "{badmemory}" } del almacén BCD tiene una lista badmemorylist.
kb-check-low-free-space = Quedan menos de 300 MB libres en el disco del sistema operativo.
kb-check-page-file-location = ExistingPageFiles o PagingFiles apuntan a un lugar distinto de la unidad temporal.
kb-check-evaluation-image = Windows es una edición preliminar o de evaluación (compilación y fecha de instalación).
kb-check-crash-dump-settings = La configuración de CrashControl: NMICrashDump, CrashDumpEnabled y DumpFile.
kb-check-repeated-boots = El registro de la consola serie muestra un arranque tras otro, y todos terminan igual.
kb-step-snapshot = Tome una instantánea del disco del sistema operativo antes de cambiar nada.
kb-step-attach = Conecte una copia del disco del sistema operativo a una máquina virtual de recuperación como disco de datos (o trabaje con ella sin conexión en vmrescue). Si el disco está cifrado, descífrelo primero.
kb-step-collect-dump = En el disco conectado, busque MEMORY.DMP en la carpeta de Windows (por ejemplo, F:\Windows) y adjúntelo a una solicitud de soporte.
kb-step-enable-ems = Active la consola serie (EMS) en el almacén BCD: { $command }
kb-step-dump-free-space = Compruebe que el disco del sistema operativo tiene más espacio libre que memoria tiene la máquina virtual; si no es así, haga que DumpFile apunte a un disco de datos en lugar de a %SystemRoot%.
kb-step-load-hive = Cargue el subárbol SYSTEM del disco conectado: { $command }
kb-step-enable-dump = Active el volcado de memoria completo, y el volcado al recibir una NMI, en ControlSet001 y en ControlSet002: { $command }
kb-step-unload-hive = Descargue el subárbol: { $command }
kb-step-send-nmi = Vuelva a conectar el disco a la máquina virtual e iníciela; cuando aparezca el error, envíe una interrupción no enmascarable (NMI) desde la consola serie para que se escriba el volcado de memoria.
kb-step-restore-backup = Si tiene una copia de seguridad reciente, restaure la máquina virtual a partir de ella.
kb-c000021a-title = Error de detención 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED)
kb-c000021a-summary = Un proceso crítico en modo de usuario, como winlogon.exe o csrss.exe, falló y el kernel detuvo el sistema. La pantalla muestra "Si desea más información, después puede buscar en línea este error: 0xC000021a". El segundo parámetro del volcado de memoria es el código de error (NTSTATUS) con el que terminó el proceso.
kb-c000021a-cause-mismatched-files = Archivos del sistema que no coinciden entre sí.
kb-c000021a-cause-failed-update = Un Service Pack o una actualización KB que no se pudo instalar.
kb-c000021a-cause-backup-restore = Un programa de copia de seguridad o de restauración que no restauró archivos que estaban en uso.
kb-c000021a-cause-third-party = Un programa de terceros incompatible.
kb-c000021a-step-read-dump = Lea los parámetros del volcado: el parámetro 1 identifica el proceso que falló y el parámetro 2 es el código de error con el que terminó.
kb-c000021a-step-recent-changes = Quite o deshabilite los controladores, servicios y programas instalados recientemente (los programas de terceros son la causa más frecuente) y revise el registro del sistema en torno al momento del bloqueo.
kb-ef-title = Error de detención 0xEF (CRITICAL_PROCESS_DIED)
kb-ef-summary = Un proceso o subproceso que Windows necesita terminó de forma inesperada. La pantalla muestra "Código de detención: CRITICAL_PROCESS_DIED" (0x000000EF); el primer parámetro del volcado es el objeto del proceso, y el segundo es 0 si terminó un proceso y 1 si terminó un subproceso.
kb-ef-cause-critical-process = Terminó un proceso crítico: csrss.exe, wininit.exe, logonui.exe, smss.exe, services.exe, conhost.exe o winlogon.exe.
kb-ef-cause-service-recovery = Falló un servicio cuya acción de recuperación es "Reiniciar el equipo".
kb-ef-step-sfc = Repare los archivos del sistema sin conexión con el Comprobador de archivos de sistema: { $command }
kb-ef-step-user-dump = Si hay un volcado en modo de usuario del proceso que falló, léalo primero: suele escribirse antes del error de detención. Si hay varios volcados, compárelos.
kb-update-hang-title = Bloqueo en "Preparando Windows" o en Windows Update
kb-update-hang-summary = La máquina virtual se queda en "Preparando Windows. No apague el equipo", "Trabajando en las actualizaciones" o "No pudimos completar las actualizaciones. Deshaciendo cambios". Suele ocurrir en el último reinicio después de Windows Update, o después de agregar o quitar un rol o una característica.
kb-update-hang-cause-final-reboot = El último reinicio después de una actualización de Windows, o de un cambio de roles o características, no terminó.
kb-update-hang-cause-pending-packages = Quedaron paquetes de actualización en estado Install Pending o Uninstall Pending.
kb-update-hang-step-wait = Espere: instalar o deshacer actualizaciones puede tardar hasta 8 horas.
kb-update-hang-step-list-packages = Enumere los paquetes de actualización y busque los que están en estado Install Pending o Uninstall Pending: { $command }
kb-update-hang-step-remove-package = Quite cada paquete pendiente: { $command }
kb-update-hang-step-revert-pending = O revierta a la vez todas las acciones de mantenimiento pendientes: { $command }
kb-7b-title = Error de detención 0x7B (INACCESSIBLE_BOOT_DEVICE) o "Boot failure"
kb-7b-summary = Windows no puede acceder al volumen desde el que arranca. En Azure, lo habitual es que los datos de configuración de arranque (BCD) estén dañados o apunten a una partición equivocada, o que la partición de Windows no esté marcada como activa.
kb-7b-cause-bcd = El almacén BCD está dañado, o sus elementos device no apuntan a las particiones del disco.
kb-7b-cause-not-active = La partición de Windows no está marcada como activa.
kb-7b-step-chkdsk = Compruebe y repare el sistema de archivos: { $command }
kb-7b-step-bcd-devices = Haga que el Administrador de arranque y el cargador de arranque de Windows apunten a las particiones correctas (el almacén BCD es \boot\bcd en la generación 1 y \EFI\Microsoft\boot\bcd en la generación 2): { $command }
kb-7b-step-bcd-flags = Configure las opciones del cargador de arranque como indica el procedimiento: { $command }
kb-hive-title = Subárbol del registro dañado: error de detención 0x74 (BAD_SYSTEM_CONFIG_INFO) o error de arranque 0xC000014C
kb-hive-summary = El subárbol del registro SYSTEM está dañado o no se cerró correctamente. La pantalla de error de detención muestra BAD_SYSTEM_CONFIG_INFO (0x74); el Administrador de arranque muestra 0xC000014C y el archivo \Windows\System32\config\system.
kb-hive-cause-not-closed = El subárbol no se cerró correctamente (la máquina virtual se detuvo mientras se escribía).
kb-hive-cause-corrupt = El subárbol está dañado.
kb-hive-step-unload-if-loaded = Si el subárbol se carga, solo no se cerró correctamente, y descargarlo (el paso siguiente) lo soluciona. Si no se carga, o se carga vacío, está dañado: continúe con las copias de seguridad de los subárboles.
kb-hive-step-regback = Como último recurso, copie los subárboles de copia de seguridad de \Windows\System32\config\RegBack sobre los de \Windows\System32\config, pero solo si los archivos de RegBack no están vacíos; guarde copias de los originales.
kb-c0000102-title = Error de arranque 0xC0000102 (STATUS_FILE_CORRUPT_ERROR)
kb-c0000102-summary = Windows no pudo cargar un archivo que necesita para arrancar porque el archivo, o la estructura del disco que lo rodea, está dañado. La pantalla de recuperación o del Administrador de arranque indica el archivo.
kb-c0000102-cause-file = El archivo que aparece en la pantalla está dañado.
kb-c0000102-cause-disk = La estructura del sistema de archivos del disco está dañada.
kb-c0000102-step-chkdsk = Compruebe y repare el sistema de archivos: { $command }
kb-c0000102-step-replace = Si el archivo sigue dañado, sustitúyalo por la copia más reciente de la misma versión que haya en \Windows\WinSxS (conserve el archivo dañado con otro nombre).
kb-5a-title = Error de detención 0x5A (CRITICAL_SERVICE_FAILED)
kb-5a-summary = Falló un servicio o un controlador que Windows necesita para arrancar. El procedimiento busca los controladores que no están firmados correctamente y los sustituye; el análisis del volcado indica la imagen (por ejemplo, 0x5A_c0000428_IMAGE_filecrypt.sys).
kb-5a-cause-driver = Un problema con un controlador, a menudo uno que no está firmado.
kb-5a-cause-system-files = Archivos del sistema dañados.
kb-5a-cause-memory = Un problema de memoria.
kb-5a-step-analysis-settings = En el subárbol SYSTEM cargado, haga que la máquina virtual se quede en la pantalla de error de detención y escriba un volcado de memoria del kernel (AutoReboot 0, CrashDumpEnabled 2): { $command }
kb-5a-step-debug-flags = Active el registro de arranque y la presentación de todos los errores de arranque, y desactive las comprobaciones de integridad mientras busca el controlador: { $command }
kb-5a-step-safe-mode = Inicie Windows en modo seguro mínimo: { $command }
kb-5a-step-verifier = En modo seguro, ejecute el Comprobador de controladores (Driver Verifier) para encontrar los controladores que no están firmados y sustitúyalos por versiones firmadas correctamente.
kb-5a-step-revert = Deshaga la configuración de arranque anterior (modo seguro, comprobaciones de integridad, registro de arranque) cuando la máquina virtual vuelva a arrancar.
kb-reboot-loop-title = Bucle de reinicio
kb-reboot-loop-summary = La máquina virtual se reinicia una y otra vez: la captura de pantalla de diagnósticos de arranque muestra el logotipo de Windows repetidamente. El procedimiento indica tres causas, y todas se pueden leer sin conexión en el subárbol SYSTEM.
kb-reboot-loop-cause-critical-service = Un servicio de terceros marcado como crítico no se inicia (RDAgent o los servicios de Azure Backup con ErrorControl 2 o 3).
kb-reboot-loop-cause-recent-change = Una actualización, un programa o un cambio de directiva recientes (consulte los registros de eventos, CBS.log y WindowsUpdate.log).
kb-reboot-loop-cause-hive = Los subárboles del registro están dañados.
kb-reboot-loop-step-select-current = Averigüe qué conjunto de control se usa: el valor Current de SYSTEM\Select indica su número.
kb-reboot-loop-step-error-control = En ese conjunto de control, establezca ErrorControl en 1 para RDAgent y, si existen, para AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc y AzureWLBackupPluginSvc: { $command }
kb-reboot-loop-step-last-known-good = Si la causa es una actualización, un programa o una directiva recientes, inicie la máquina virtual con la última configuración válida conocida.
kb-c0000017-title = Error de arranque 0xC0000017 (STATUS_NO_MEMORY)
kb-c0000017-summary = El Administrador de arranque no pudo obtener la memoria que necesita ("There isn't enough memory available to create a ramdisk device"). Puede que el disco del sistema operativo esté lleno o muy fragmentado, que el BCD marque memoria como defectuosa, o que no se pueda acceder a la memoria ni al archivo de paginación.
kb-c0000017-cause-disk-full = El disco del sistema operativo está lleno o muy fragmentado.
kb-c0000017-cause-bad-memory-list = El BCD marca páginas de memoria como defectuosas (badmemorylist).
kb-c0000017-cause-page-file = No se puede acceder a la memoria o al archivo de paginación.
kb-c0000017-step-free-space = Compruebe el espacio libre del disco del sistema operativo; si quedan menos de 300 MB, libere espacio.
kb-c0000017-step-enum-badmemory = Enumere la configuración de memoria defectuosa del almacén BCD: { $command }
kb-c0000017-step-delete-badmemory = Si hay una lista de memoria defectuosa, quítela: { $command }
kb-c0000017-step-page-file = Compruebe el archivo de paginación: ExistingPageFiles, en Control\Session Manager\Memory Management, debe apuntar a la unidad temporal; elimine cualquier pagefile.sys que esté en otro lugar.
kb-c0000428-title = Error de arranque 0xC0000428 (STATUS_INVALID_IMAGE_HASH)
kb-c0000428-summary = El Administrador de arranque no puede comprobar la firma digital de winload.exe ("File: \windows\system32\boot\winload.exe Status: 0xc0000428"). En Azure ocurre cuando ha caducado una imagen de versión preliminar.
kb-c0000428-cause-preview-expired = La máquina virtual se creó a partir de una imagen de versión preliminar (de evaluación), que deja de funcionar a los 180 días.
kb-c0000428-step-redeploy = No tiene reparación: vuelva a implementar la máquina virtual a partir de una imagen actual que no sea de versión preliminar.
kb-nmi-title = Pantalla "Hardware Malfunction" (NMI)
kb-nmi-summary = Una interrupción no enmascarable (NMI), por ejemplo enviada desde la consola serie, llegó a un invitado que no está configurado para bloquearse al recibirla: Windows muestra "Hardware Malfunction. Call your hardware vendor for support. The system has halted" y no escribe ningún volcado de memoria. Con la configuración correcta, la misma NMI produce el error de detención 0x80 y un volcado de memoria. (Windows 8, Windows Server 2012 y las versiones posteriores no necesitan el valor NMICrashDump).
kb-nmi-cause-not-configured = El invitado no está configurado para escribir un volcado de memoria al recibir una NMI (faltan NMICrashDump y la configuración del volcado).
# prepare-dump (crate vmrescue-prepare)
prepare-plan-title = Plan: preparar el disco para capturar un volcado de memoria
prepare-plan-system = Subárbol SYSTEM: { $path }
prepare-plan-bcd = Almacén BCD: { $path }
prepare-plan-control-set = ControlSet{ $number } ({ $roles })
prepare-role-current = Current
prepare-role-default = Default
prepare-role-last-known-good = LastKnownGood
prepare-plan-absent = (no existe)
prepare-plan-unchanged = sin cambios
prepare-plan-new-key = clave nueva
prepare-plan-dry-run = No se ha escrito nada. Vuelva a ejecutar con --apply para escribir estos cambios.
prepare-plan-nothing = Todo está ya configurado; no hay nada que escribir.
prepare-applied-backup = Copia de seguridad del original: { $path }
prepare-applied-logs-reset = Registro de transacciones restablecido (se escribió el subárbol recuperado): { $path }
prepare-applied-verified = Releído y comprobado: { $path }
prepare-undo-restored = { $path } restaurado desde { $backup }
prepare-readiness-title = ¿Se puede escribir un volcado de memoria?
prepare-nmi-title = Cómo enviar una interrupción no enmascarable (NMI) cuando la máquina virtual esté en marcha
prepare-note-control-set-missing = Select hace referencia a { $set }, que no existe en este subárbol; se omite.
prepare-note-dirty-recovered = Un subárbol no estaba limpio: sus registros de transacciones se aplicaron en memoria; se escribe el subárbol recuperado y después se restablecen los registros.
prepare-note-no-emssettings = El almacén BCD no tiene el objeto emssettings; la configuración del puerto serie se establece en el cargador de arranque { $object }.
prepare-ready-ram-unknown = No se conoce el tamaño de la RAM: indique --ram para comprobar que el archivo de paginación o el archivo de volcado dedicado puede contener un volcado de memoria completo o activo (RAM + 257 MB).
prepare-ready-dedicated = El volcado se escribe a través del archivo de volcado dedicado { $path }.
prepare-ready-dedicated-temp-disk = El archivo de volcado dedicado { $path } está en D:, que en Azure es el disco temporal: se borra cuando la máquina virtual se vuelve a implementar, se cambia de tamaño o se desasigna, y el volcado puede perderse. Use una ruta en C: o en un disco de datos.
prepare-ready-dedicated-small = El archivo de volcado dedicado tiene { $size_mb } MB; un volcado de memoria completo puede necesitar { $required_mb } MB.
prepare-ready-dedicated-auto-size = No se ha establecido DumpFileSize: Windows decide el tamaño del archivo de volcado dedicado.
prepare-ready-no-pagefile = No hay archivo de paginación en el volumen de arranque ({ $files }): sin él (o sin un archivo de volcado dedicado) no se escribe ningún volcado de memoria. Añada --dedicated-dump-file.
prepare-ready-pagefile-temp-disk = El archivo de paginación solo está en D: ({ $files }), en Azure el disco temporal: un volcado de memoria completo necesita un archivo de paginación en el volumen de arranque. Añada --dedicated-dump-file C:\dedicateddumpfile.sys con --dedicated-size.
prepare-ready-pagefile-system-managed = El archivo de paginación { $file } lo administra el sistema: Windows puede ampliarlo para un volcado si hay espacio libre.
prepare-ready-pagefile-small = El archivo de paginación { $file } tiene como máximo { $size_mb } MB; un volcado de memoria completo puede necesitar { $required_mb } MB (RAM + 257 MB).
prepare-ready-pagefile-ok = El archivo de paginación { $file } ({ $size_mb } MB) es suficientemente grande.
prepare-ready-dumpfile-temp-disk = El archivo de volcado { $path } está en D:, en Azure el disco temporal, que se borra cuando la máquina virtual se vuelve a implementar o se desasigna.
prepare-ready-free-space = Espacio libre en el volumen de destino: { $free_mb } MB.
prepare-ready-free-space-low = Solo hay { $free_mb } MB libres en el volumen de destino; el volcado de memoria puede necesitar { $required_mb } MB. Libere espacio o mueva el volcado con --dump-file.
prepare-ready-overwrite-off = Overwrite es 0 y ya existe un MEMORY.DMP: Windows no escribirá un volcado nuevo. Recopile y quite primero el anterior (vmrescue collect).
prepare-ready-old-dump = Ya existe un MEMORY.DMP que el próximo volcado sobrescribirá: recopílelo primero (vmrescue collect).
prepare-ready-autoreboot-on = AutoReboot está activado: tras escribir el volcado la máquina virtual se reinicia sola.
prepare-ready-autoreboot-off = AutoReboot está desactivado: tras escribir el volcado la máquina virtual se queda en la pantalla del error de detención; reiníciela usted.
prepare-ready-nmi-modern = Windows 8, Windows Server 2012 y versiones posteriores siempre se detienen ante una NMI; NMICrashDump se establece para versiones anteriores.
prepare-ready-sac-server-only = La consola de administración especial (SAC) solo existe en Windows Server; en las ediciones cliente la consola serie no muestra el símbolo de SAC.
prepare-nmi-azure = Azure: en el portal abra la consola serie de la máquina virtual y elija "Send Non-Maskable Interrupt (NMI)" en el menú del teclado, o ejecute:
prepare-nmi-hyperv = Hyper-V: en el host, en PowerShell con privilegios elevados:
prepare-nmi-libvirt = libvirt/KVM: en el host:
prepare-nmi-qemu = QEMU: en el monitor (o QMP):
prepare-nmi-vmware = VMware: vmrun y vSphere Client no tienen ningún comando NMI que hayamos podido comprobar; consulte la base de conocimiento de VMware para su versión de ESXi.
prepare-next-step = Arranque la máquina virtual, espere al error de detención (o envíe la NMI), deje que escriba el volcado de memoria y después ejecute vmrescue collect sobre el disco.
prepare-err-io = No se pudo leer o escribir { $path }: { $detail }
prepare-err-target = { $detail }
prepare-err-no-system = No hay Windows\System32\config\SYSTEM en { $path }: ¿es el volumen de Windows?
prepare-err-no-bcd = No se encontró ningún almacén BCD (\Boot\BCD). Monte la partición del sistema EFI e indique --bcd RUTA.
prepare-err-registry = No se pudo leer el subárbol { $path }: { $detail }
prepare-err-dirty = { $path } no está limpio y sus registros de transacciones no se pueden aplicar; no se modifica.
prepare-err-write = No se pudo modificar { $path }: { $detail }
prepare-err-bcd-default = La entrada predeterminada del administrador de arranque no lleva a un cargador de arranque de Windows; el BCD no se modifica. { $detail }
prepare-err-usage = { $detail }
prepare-err-changed = { $path } ha cambiado desde que se hizo el plan; vuelva a generar el plan.
prepare-err-verify = La comprobación tras la escritura falló; se restauró el original desde { $backup }. { $detail }
prepare-err-interrupted = La escritura se interrumpió: { $detail }
prepare-err-no-backup = No se encontró ninguna copia de seguridad de vmrescue junto a { $path }.
prepare-err-in-place = { $detail }
diagnose-input-unsupported = { $path }: esta versión de vmrescue no puede leer { $what }.

## Informes de diagnóstico (crates/report). Cada argumento es una cadena, o un
## número cuando es un número entero; para cada argumento $x el informe pasa
## también $has_x: "yes" cuando $x no está vacío, "no" cuando lo está.

## Indicios a favor y en contra de una causa (crates/diagnose/src/rules.rs).
ev-pending-xml = \Windows\WinSxS\pending.xml contiene { $operations } { $operations ->
        [one] operación de mantenimiento que espera
       *[other] operaciones de mantenimiento que esperan
    } al próximo arranque{ $has_kbs ->
        [yes] { " " }({ $kbs })
       *[no] {""}
    }: hay una actualización preparada, y sus operaciones se ejecutan en el arranque, antes de que se inicie csrss.exe. Preparada no es lo mismo que fallida: un error necesita las líneas de abajo.
ev-servicing-pending = El almacén de componentes tiene mantenimiento pendiente de un reinicio: { $flag } está establecido.
ev-update-failed = Windows Update no pudo instalar «{ $title }»{ $has_error ->
        [yes] { " " }(error { $error })
       *[no] {""}
    }.
ev-servicing-failed = Falló el mantenimiento de { $package } (registro de eventos Setup).
ev-pending-survived-boot = pending.xml se escribió el { $written } y sigue ahí tras la sesión que se inició el { $boot }: ese arranque no completó las operaciones de mantenimiento pendientes.
ev-package-failed = El paquete de actualización { $package } no terminó de instalarse: su estado CBS es { $state } ({ $meaning ->
        [partially_installed] instalado parcialmente
       *[other] un estado no válido
    }).
ev-package-pending = El paquete de actualización { $package } espera un reinicio para instalarse (estado CBS { $state }, instalación pendiente).
ev-cbs-failure = CBS.log registra una operación de mantenimiento fallida en el arranque o una reversión{ $has_hresult ->
        [yes] { " " }({ $hresult })
       *[no] {""}
    }: { $line }
ev-cbs-sharing-violation = Una actualización no pudo reemplazar un archivo en uso (0x80070020 ERROR_SHARING_VIOLATION), lo que Microsoft atribuye a controladores de filtro que no son de Microsoft, como los antivirus: { $line }
ev-residue-update-failures = { $count ->
        [one] Un error de Windows Update es
       *[other] { $count } errores de Windows Update son
    } de aplicaciones de la Store o de definiciones de Defender, que no actualizan Windows en el arranque: no se cuentan.
ev-residue-old-update-failures = { $count ->
        [one] Un error de Windows Update ocurrió
       *[other] { $count } errores de Windows Update ocurrieron
    } semanas o más antes del error, y Windows se ha ejecutado desde entonces: no se cuentan.
ev-residue-service-events = { $count ->
        [one] Un evento de servicio (un inicio fallido o una instalación) se refiere
       *[other] { $count } eventos de servicio (inicios fallidos, instalaciones) se refieren
    } a servicios propios de Windows o a servicios que ya no están configurados: no se cuentan.
ev-residue-renames = { $count ->
        [one] Una operación de archivo espera
       *[other] { $count } operaciones de archivo esperan
    } al próximo arranque, ninguna sobre un archivo que carguen csrss.exe o winlogon.exe: no se cuentan.
ev-residue-services = { $count ->
        [one] Un servicio o controlador de terceros está configurado
       *[other] { $count } servicios o controladores de terceros están configurados
    }, ninguno cambiado poco antes del error: no se cuentan.
ev-update-started = Windows Update empezó a instalar «{ $title }» poco antes del bloqueo.
ev-pending-rename = Una operación de archivo espera al próximo arranque: { $has_target ->
        [yes] { $source } reemplazará a { $target }
       *[no] { $source } se eliminará
    }.
ev-file-replaced = { $file } (versión { $version }) no es el archivo que colocó el servicio de actualizaciones de Windows: es un archivo aparte, no el vínculo al almacén de componentes, y ningún componente instalado tiene esa versión{ $has_installed ->
        [yes] { " " }(instaladas: { $installed })
       *[no] {""}
    }. Se copió encima o se reemplazó fuera de Windows Update.
ev-build-family-mismatch = { $file } procede de la compilación { $version } de Windows, pero este Windows es la compilación { $build }: pertenece a otra versión de Windows.
ev-file-unlinked = { $file } tiene la versión instalada { $version }, pero es una copia aparte que ya no está vinculada al almacén de componentes ({ $component }): se volvió a copiar, a mano o mediante una restauración.
ev-file-missing = Falta el archivo crítico del sistema { $file }.
ev-file-not-pe = El archivo crítico del sistema { $file } no es un archivo de programa válido: { $reason }
ev-file-empty = El archivo crítico del sistema { $file } está vacío.
ev-file-all-zero = El archivo crítico del sistema { $file } solo contiene ceros ({ $size } bytes): la huella de un archivo que estaba en uso durante una copia de seguridad y nunca se restauró.
ev-hive-damaged = No se puede usar el subárbol del Registro { $hive }: { $reason }
ev-links-broken-together = { $count } archivos del sistema perdieron a la vez su vínculo con el almacén de componentes ({ $time }) conservando las versiones instaladas: una restauración o copia de la carpeta del sistema a nivel de archivo ({ $files }).
ev-store-unreadable = No se pudo leer el almacén de componentes (\Windows\WinSxS) ({ $error }): los archivos del sistema se comprobaron solo por su versión.
ev-store-no-component = { $count ->
        [one] Un archivo del sistema no está vinculado
       *[other] { $count } archivos del sistema no están vinculados
    } al almacén de componentes y ninguna carpeta de componente { $count ->
        [one] lo contiene
       *[other] los contiene
    }: comprobados solo por versión ({ $files }).
ev-credential-provider = Hay registrado un proveedor de credenciales de terceros: { $has_name ->
        [yes] { $name }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] { " " }({ $dll }{ $has_company ->
            [yes] , { $company }
           *[no] {""}
        })
       *[no] {""}
    }. Se ejecuta en la pantalla de inicio de sesión (LogonUI), no dentro de winlogon ni de csrss.
ev-third-party-load-point = { $file } ({ $company }) está registrado como { $point ->
        [ServerDll] DLL de servidor de csrss.exe: se ejecuta dentro de csrss.exe
       *[other] KnownDLL: se asigna a todos los procesos, incluidos csrss.exe y winlogon.exe
    }.
ev-third-party-driver = Poco antes del error se agregó o modificó un controlador de terceros que se carga pronto ({ $load }): { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_package ->
        [yes] , paquete { $package }
       *[no] {""}
    }).
ev-winlogon-changed = El valor { $value } de Winlogon difiere del predeterminado de Windows: { $data }
ev-appinit-enabled = AppInit_DLLs carga { $dlls } en cada proceso que usa user32.dll.
ev-appinit-disabled = AppInit_DLLs contiene { $dlls }, pero la carga está desactivada (LoadAppInit_DLLs es 0).
ev-subsystem-changed = La línea de comandos de csrss.exe (Session Manager\SubSystems\Windows) difiere de la predeterminada de Windows: { $value }
ev-third-party-service-recent = Un servicio o controlador de terceros se agregó o cambió poco antes del bloqueo: { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }).
ev-service-installed = Se instaló un servicio: { $name }{ $has_image ->
        [yes] { " " }({ $image })
       *[no] {""}
    }.
ev-program-installed = Se instaló un programa poco antes del bloqueo: { $product }.
ev-service-failed = Hubo servicios o controladores que no pudieron iniciarse poco antes del bloqueo (evento { $event }): { $names }
ev-status-points-to-files = { $has_process ->
        [yes] { $process }
       *[no] El proceso crítico
    } terminó con el estado { $status }: falta un archivo que carga, no coincide con los demás o está dañado.
ev-against-no-servicing = No se encontró ninguna actualización fallida, ningún mantenimiento pendiente de un reinicio ni ningún error en CBS.log.
ev-against-files-consistent = { $count ->
        [one] El archivo del sistema que cargan csrss.exe y winlogon.exe existe y es válido
       *[other] Los { $count } archivos del sistema que cargan csrss.exe y winlogon.exe existen y son válidos
    }; { $projected } de ellos están vinculados al almacén de componentes tal como los deja el servicio de actualizaciones de Windows.
ev-against-no-restore-signs = No hay archivos del sistema ni subárboles del Registro vacíos, llenos de ceros o dañados, ni horas de archivo que indiquen una restauración.
ev-against-no-third-party = No se encontró ningún proveedor de credenciales de terceros, ningún cambio en Winlogon, ninguna DLL de AppInit ni ningún servicio de terceros agregado recientemente.

## Preparación para el volcado de memoria: qué impide que se escriba.
ready-dumps-disabled = Los volcados de memoria están desactivados (CrashDumpEnabled es 0): el próximo error de detención no escribirá ningún volcado.
ready-small-dumps-only = Solo están activados los volcados de memoria pequeña (CrashDumpEnabled es 3); el procedimiento pide un volcado de memoria completa (CrashDumpEnabled es 1).
ready-settings-unknown = No se pudo leer la configuración de los volcados de memoria (CrashControl en el subárbol SYSTEM).
ready-pagefile-temp-disk = El archivo de paginación solo está en D:, que en Azure es el disco temporal: no se puede escribir ningún volcado de memoria en el disco del sistema operativo.
ready-no-pagefile-on-os = No hay archivo de paginación ni archivo de volcado dedicado en el volumen del sistema operativo: Windows no puede escribir un volcado de memoria.
ready-pagefile-too-small = El archivo de paginación tiene como máximo { $max_mb } MB; un volcado de memoria completa necesita { $need_mb } MB (RAM + 257 MB).
ready-low-space = Solo hay { $free_mb } MB libres en el volumen de Windows; un volcado de memoria completa necesita { $need_mb } MB.
ready-nmi-off = NMICrashDump no está establecido: las versiones anteriores a Windows 8 y Windows Server 2012 no escriben ningún volcado al recibir una NMI.
ready-ems-off = La consola serie (EMS) está desactivada en el cargador de arranque: no se puede acceder a la consola de administración especial (SAC) desde la consola serie.

## Pasos siguientes. Los comandos se muestran al lado; <X> es la letra de unidad del disco conectado.
step-collect = Hay un volcado de memoria en el disco ({ $dump }): recopílelo junto con el resto de los indicios y adjúntelo a una solicitud de soporte.
step-chkdsk = El volumen de Windows está marcado como sucio (su última sesión no lo desmontó limpiamente): compruébelo con chkdsk en un equipo Windows con el disco conectado antes de que cualquier reparación escriba en él.
step-prepare-dump = No hay ningún volcado de memoria utilizable en el disco. Active sin conexión en el disco los volcados de memoria completa, el volcado por NMI y la consola serie, para que el próximo error de detención escriba uno.
step-send-nmi = Inicie la máquina virtual. Si vuelve a detenerse con el error, Windows escribirá el volcado de memoria; si en cambio se queda bloqueada, envíe una interrupción no enmascarable (NMI) desde la consola serie.
step-collect-after-nmi = Después, detenga la máquina virtual, vuelva a conectar su disco del sistema operativo, recopile el volcado de memoria junto con el resto de los indicios y adjúntelo a una solicitud de soporte.
step-revert-pending = Deshaga la actualización pendiente: conecte el disco del sistema operativo a una máquina virtual de reparación y revierta sin conexión las acciones de mantenimiento pendientes con DISM.
step-sfc-offline = Repare los archivos del sistema: conecte el disco del sistema operativo a una máquina virtual de reparación y ejecute en él sin conexión el Comprobador de archivos de sistema (sfc).
step-disable-third-party = Deshabilite o desinstale el programa de terceros que puede hacer fallar el proceso crítico{ $has_items ->
        [yes] : { $items }
       *[no] {""}
    }.
step-restore-backup = Restaure la máquina virtual a partir de una copia de seguridad anterior al problema: la máquina virtual completa o su disco del sistema operativo, no archivos sueltos.
step-restore-backup-last = Si la máquina virtual sigue sin iniciarse, restáurela a partir de una copia de seguridad reciente anterior al problema.
step-other-stop-code = El código de detención no es 0xC000021A: las causas de este informe son las de 0xC000021A y puede que no se apliquen. Consulte el artículo sobre este código de detención.

## Las cuatro causas que indica el artículo.
cause-mismatched_system_files = Archivos del sistema que no coinciden
cause-mismatched_system_files-description = Faltan archivos críticos del sistema (csrss.exe, winsrv.dll, ntdll.dll…), están dañados o tienen versiones distintas, por lo que un proceso crítico no puede iniciarse.
cause-failed_update = Service Pack o actualización KB con errores
cause-failed_update-description = Un Service Pack o una actualización KB no terminó de instalarse y dejó los archivos del sistema reemplazados a medias.
cause-incomplete_restore = Restauración incompleta desde una copia de seguridad
cause-incomplete_restore-description = Un programa de copia de seguridad restauró el sistema pero no los archivos que estaban en uso, por lo que algunos archivos del sistema o subárboles del Registro son antiguos, están vacíos o llenos de ceros.
cause-third_party_program = Programa de terceros incompatible
cause-third_party_program-description = Un programa de terceros carga código en un proceso crítico (winlogon.exe, csrss.exe) y lo hace fallar.

## Probabilidad de una causa.
likelihood-high = Alta
likelihood-medium = Media
likelihood-low = Baja
likelihood-not_indicated = Sin indicios

## Dónde se vio un código de detención.
origin-memory_dump = el volcado de memoria
origin-pagefile_dump = un volcado de memoria en el archivo de paginación
origin-minidump = un volcado de memoria pequeña
origin-bugcheck_event = el registro de eventos Sistema (BugCheck 1001)
origin-kernel_power_event = el registro de eventos Sistema (Kernel-Power 41)
origin-screenshot = una captura de pantalla del diagnóstico de arranque
origin-serial_log = un registro de la consola serie
origin-user = lo que indicó el usuario (--stop-code)

## Tipos de volcado (CrashDumpEnabled).
dumptype-none = Ninguno
dumptype-complete = Volcado de memoria completa
dumptype-kernel = Volcado de memoria del kernel
dumptype-small = Volcado de memoria pequeña
dumptype-automatic = Volcado de memoria automático
dumptype-active = Volcado de memoria activa

## Hechos de la tabla de indicios: el tipo y un resumen de una línea.
fact-stop_code = Código de detención
fact-stop_code-summary = { $code } en { $origin }{ $has_process ->
        [yes] , proceso { $process }
       *[no] {""}
    }{ $has_status ->
        [yes] , estado { $status }{ $has_status_name ->
            [yes] { " " }{ $status_name }
           *[no] {""}
        }
       *[no] {""}
    }; parámetros { $parameters }
fact-dump_found = Archivo de volcado
fact-dump_found-summary = { $dump_kind ->
        [minidump] Volcado de memoria pequeña
        [page_file] Volcado de memoria en el archivo de paginación
        [dedicated_dump_file] Archivo de volcado dedicado
        [wer] Volcado de Informe de errores de Windows
       *[other] Volcado de memoria
    } { $path } ({ $size }, { $complete ->
        [yes] completo y legible
       *[no] incompleto o ilegible
    }{ $has_crash_time ->
        [yes] , bloqueo el { $crash_time }
       *[no] {""}
    })
fact-user_dump = Volcado de proceso
fact-user_dump-summary = { $has_process ->
        [yes] { $process }
       *[no] Proceso desconocido
    }{ $has_exception ->
        [yes] , excepción { $exception }
       *[no] {""}
    }
fact-unexpected_shutdown = Apagado inesperado
fact-unexpected_shutdown-summary = Evento { $event_id }: el sistema se detuvo sin apagarse correctamente.
fact-update_failed = Error en la actualización
fact-update_failed-summary = { $title }{ $has_error ->
        [yes] , error { $error }
       *[no] {""}
    }
fact-update_installed = Actualización instalada
fact-update_installed-summary = { $title }
fact-update_started = Instalación de la actualización iniciada
fact-update_started-summary = { $title }
fact-servicing_failed = Error de mantenimiento
fact-servicing_failed-summary = { $package } (evento { $event_id })
fact-boot_event = Inicio o parada de sesión
fact-boot_event-summary = Evento { $event_id }: { $phase ->
        [started] el sistema operativo se inició
       *[other] el sistema operativo se apagó correctamente
    }
fact-clean_shutdown = Último apagado correcto
fact-clean_shutdown-summary = Windows se apagó correctamente (ShutdownTime).
fact-package_state = Estado del paquete de actualización
fact-package_state-summary = { $package }: { $state } ({ $meaning })
fact-pending_xml = Mantenimiento pendiente (pending.xml)
fact-pending_xml-summary = { $operations } { $operations ->
        [one] operación
       *[other] operaciones
    }, { $size }{ $has_kbs ->
        [yes] , { $kbs }
       *[no] {""}
    }
fact-servicing_pending = Mantenimiento pendiente de reinicio
fact-servicing_pending-summary = { $flag }
fact-cbs_failure = Error de mantenimiento en CBS.log
fact-cbs_failure-summary = { $signal }: { $line }
fact-pending_file_rename = Cambio de nombre de archivo pendiente
fact-pending_file_rename-summary = { $has_target ->
        [yes] { $source_path } → { $target }
       *[no] { $source_path } (se eliminará)
    }
fact-file_version = Versión de archivo
fact-file_version-summary = { $file } { $version }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }
fact-file_replaced = Archivo del sistema reemplazado
fact-file_replaced-summary = { $file } { $version }, instalada { $installed }
fact-file_unlinked = Archivo del sistema no vinculado al almacén de componentes
fact-file_unlinked-summary = { $file } { $version } ({ $component })
fact-build_family_mismatch = Archivo del sistema de otra compilación
fact-build_family_mismatch-summary = { $file } { $version }, Windows { $build }
fact-component_store_unavailable = Almacén de componentes no utilizable
fact-component_store_unavailable-summary = { $reason }: { $files }
fact-third_party_load_point = Código de terceros en csrss o en todos los procesos
fact-third_party_load_point-summary = { $point }: { $file }
fact-links_broken_together = Archivos del sistema desvinculados a la vez
fact-links_broken_together-summary = { $time }: { $files }
fact-file_missing = Falta un archivo
fact-file_missing-summary = { $file }
fact-file_empty = Archivo vacío
fact-file_empty-summary = { $file } ({ $all_zero ->
        [yes] { $size }, solo ceros
       *[no] vacío
    })
fact-file_not_pe = Archivo de programa no válido
fact-file_not_pe-summary = { $file }: { $reason }
fact-os_build = Versión de Windows
fact-os_build-summary = { $has_product ->
        [yes] { $product }
       *[no] Windows
    } { $version }
fact-third_party_service = Servicio o controlador de terceros
fact-third_party_service-summary = { $name }: { $image_path }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_start ->
        [yes] , inicio { $start ->
            [0] de arranque
            [1] del sistema
            [2] automático
            [3] manual
            [4] deshabilitado
           *[other] { $start }
        }
       *[no] {""}
    }{ $has_last_write ->
        [yes] , modificado el { $last_write }
       *[no] {""}
    }
fact-service_installed = Servicio instalado
fact-service_installed-summary = { $name }{ $has_image_path ->
        [yes] : { $image_path }
       *[no] {""}
    }
fact-service_failed = Servicio que no se pudo iniciar
fact-service_failed-summary = { $names } (evento { $event_id })
fact-program_installed = Programa instalado
fact-program_installed-summary = { $product } (evento { $event_id })
fact-third_party_credential_provider = Proveedor de credenciales de terceros
fact-third_party_credential_provider-summary = { $has_name ->
        [yes] { $name } { $clsid }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] : { $dll }
       *[no] {""}
    }
fact-winlogon_changed = Valor de Winlogon modificado
fact-winlogon_changed-summary = { $value } = { $data }
fact-app_init_dlls = AppInit_DLLs
fact-app_init_dlls-summary = { $dlls } ({ $enabled ->
        [yes] se cargan
       *[no] no se cargan
    })
fact-subsystem_changed = Línea de comandos de csrss.exe modificada
fact-subsystem_changed-summary = { $value }
fact-reg_back = Copia de seguridad del Registro (RegBack)
fact-reg_back-summary = { $has_files ->
        [yes] { $files }
       *[no] Vacía
    }
fact-hive_damaged = Subárbol del Registro dañado
fact-hive_damaged-summary = { $hive }: { $reason }


fact-crash_dump_settings = Configuración de los volcados de memoria
fact-crash_dump_settings-summary = { $dump_type }, { $dump_file }, NMICrashDump { $nmi_crash_dump ->
        [yes] activado
       *[no] desactivado
    }, AutoReboot { $auto_reboot ->
        [yes] activado
       *[no] desactivado
    }{ $has_dedicated_dump_file ->
        [yes] , DedicatedDumpFile { $dedicated_dump_file }
       *[no] {""}
    }
fact-page_file = Archivo de paginación
fact-page_file-summary = { $has_entries ->
        [yes] { $entries }
       *[no] Ninguno configurado
    }{ $has_max_mb ->
        [yes] , como máximo { $max_mb } MB
       *[no] {""}
    }; { $on_os_volume ->
        [yes] en el volumen del sistema operativo
       *[no] fuera del volumen del sistema operativo
    }{ $on_temporary_disk ->
        [yes] , en el disco temporal (D:)
       *[no] {""}
    }
fact-free_space = Espacio libre
fact-free_space-summary = { $free } libres de { $total }
fact-ems = Consola serie (EMS)
fact-ems-summary = EMS { $loader_ems ->
        [yes] activado
       *[no] desactivado
    } en el cargador de arranque, EMS de arranque { $bootems ->
        [yes] activado
       *[no] desactivado
    } en el Administrador de arranque
fact-ram = RAM
fact-ram-summary = { $bytes }
fact-source_problem = Problema del origen
fact-source_problem-summary = { $problem }
fact-collector_error = No leído
fact-collector_error-summary = { $collector }: { $error }

## Encabezados y etiquetas del informe.
report-title = Diagnóstico de vmrescue
report-inputs = { $count ->
        [one] Entrada
       *[other] Entradas
    }: { $inputs }
report-source-heading = No se pudo leer el disco completo
report-source-intro = Esta copia del disco está dañada o incompleta, así que el diagnóstico siguiente es incompleto y pueden faltar hallazgos. Obtenga una copia completa (descárguela de nuevo o vuelva a copiar la instantánea) y ejecute vmrescue otra vez:
report-summary-stop = En resumen: error de detención { $code }{ $has_name ->
        [yes] { " " }{ $name }
       *[no] {""}
    }{ $has_process ->
        [yes] , { $process } terminó
       *[no] {""}
    }.
report-summary-no-stop = En resumen: no se encontró ningún código de detención en el disco (vea abajo cómo indicarlo).
report-summary-cause = Causa más probable: { $cause } ({ $likelihood }).
report-summary-no-cause = Nada de lo que contiene el disco indica una causa.
report-summary-step = Siguiente paso: { $step }
report-stop-heading = Error de detención
report-stop-none = No se encontró ningún código de detención. vmrescue buscó un volcado de memoria (\Windows\MEMORY.DMP, la carpeta Minidump, un volcado que quedó en pagefile.sys) y eventos BugCheck (1001) y Kernel-Power (41) en System.evtx. Si la captura de diagnóstico de arranque muestra un error de detención como 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED), pase la captura como otra entrada (`vmrescue diagnose DISCO captura.png`) o el código que vio con `--stop-code 0xC000021A`.
report-stop-seen = Visto en { $origin }: { $where }
report-stop-also = También en { $origin }: { $code } ({ $where })
report-stop-process = Proceso que terminó: { $process }
report-stop-status = Estado: { $status }
report-stop-parameters = Parámetros: { $parameters }
report-stop-disagree = Las fuentes no coinciden en el código de detención ({ $codes }); este informe usa { $code }, de la fuente más fiable.
report-crash-time = Hora del bloqueo: { $time }
report-time-anchor = «Poco antes del error» se mide desde { $time }: { $source ->
        [memory_dump] la hora del bloqueo en el volcado de memoria
        [shutdown_time] el último apagado correcto (ShutdownTime en el subárbol SYSTEM; ningún volcado da la hora del bloqueo)
       *[other] el último evento de System.evtx (ningún volcado da la hora del bloqueo)
    }.
report-causes-heading = Causas, de la más probable a la menos probable
report-likelihood = Probabilidad
report-score = Peso de los indicios: { $score }
report-evidence-for = A favor
report-evidence-against = En contra
report-evidence-none = No hay indicios a favor ni en contra.
report-evidence-more = … y { $count } más en los informes HTML y JSON.
report-dump-heading = Volcado de memoria
report-dump-ready = Preparado: el próximo error de detención, o una NMI, escribirá un volcado de memoria.
report-dump-not-ready = No está preparado: { $count ->
        [one] hay un impedimento
       *[other] hay { $count } impedimentos
    }.
report-dump-usable = Hay un volcado de memoria utilizable en el disco: { $path }
report-dump-none = No hay ningún volcado de memoria utilizable en el disco.
report-dump-others = No hay ningún volcado de memoria del kernel utilizable en el disco; contiene { $count ->
        [one] otro volcado
       *[other] { $count } volcados más
    }: { $list }.
report-dump-other-user = un volcado en modo de usuario de { $process } ({ $path })
report-dump-other-incomplete = un volcado del kernel incompleto ({ $path })
report-dump-settings = Configuración de los volcados de memoria
report-dump-type = Tipo de volcado
report-dump-file = Archivo de volcado
report-dump-nmi = Volcado por NMI (NMICrashDump)
report-dump-serial = Consola serie (EMS)
report-dump-page-files = Archivos de paginación
report-dump-page-file-os = Archivo de paginación en el volumen del sistema operativo
report-dump-dedicated = Archivo de volcado dedicado
report-dump-free = Espacio libre en el volumen de Windows
report-dump-ram = RAM
report-dump-required = Espacio que necesita un volcado de memoria completa
report-steps-heading = Pasos siguientes
report-errors-heading = No leído (el diagnóstico continuó sin estos elementos)
report-evidence-heading = Todos los indicios ({ $count } { $count ->
        [one] hecho
       *[other] hechos
    })
report-col-number = N.º
report-col-kind = Tipo
report-col-summary = Qué indica
report-col-artifact = Artefacto
report-col-locator = Ubicación dentro
report-col-time = Hora
report-yes = Sí
report-no = No
report-unknown = Desconocido
report-none = Ninguno
report-footer = Generado por vmrescue { $version } a partir del disco, que se abrió en modo de solo lectura. Cada hecho indica el artefacto del que procede.
bcd-usage = uso: vmrescue bcd ORIGEN, o vmrescue bcd --store ARCHIVO
bcd-object = Objeto BCD

# collect / verify (vmrescue-bundle)
collect-phase-hashing = calculando hash
collect-phase-writing = recopilando
verify-phase = verificando
collect-done = Paquete escrito: { $path } ({ $size }, { $files ->
        [one] un archivo
       *[other] { $files } archivos
    }, { $dumps ->
        [one] un volcado
       *[other] { $dumps } volcados
    }).
collect-unencrypted = El paquete NO está cifrado. Un volcado de memoria contiene la memoria de la máquina virtual: contraseñas, claves, documentos. Envíelo solo por un canal de confianza, o recopile de nuevo con --encrypt-to DESTINATARIO.
collect-encrypted = { $count ->
    [one] El paquete está cifrado con age para un destinatario; solo su identidad puede abrirlo.
   *[other] El paquete está cifrado con age para { $count } destinatarios; solo sus identidades pueden abrirlo.
}
collect-no-dump = No se encontró ningún volcado de bloqueo en el disco.
collect-missing-title = Buscado pero no incluido en el paquete:
collect-missing = { $path }: { $reason }
collect-reason-not-found = no encontrado
collect-reason-no-match = ningún archivo coincide
collect-reason-unreadable = no se pudo leer ({ $error })
collect-reason-no-dump-in-page-file = el archivo de paginación no contiene ningún volcado
collect-reason-other-drive = en otra unidad, no en este disco
collect-reason-excluded-by-option = omitido (--no-memory-dump)
collect-reason-not-a-file = es una carpeta
collect-incomplete = { $member }: no se pudieron leer { $bytes } bytes; son ceros en el paquete.
collect-pagefile-dump = Se recuperó un volcado de bloqueo de { $path } en { $member }.
collect-memory-dump-left-out = Se omitieron los volcados de memoria (--no-memory-dump); los minivolcados están en el paquete.
collect-err-no-windows = No se encontró ninguna instalación de Windows en { $source }: no hay nada que recopilar.
collect-err-exists = { $path } ya existe; elija otro nombre o elimínelo antes.
collect-err-write = No se pudo escribir el paquete ({ $error }). El resultado incompleto es { $partial }; no es un paquete terminado.
collect-err-cancelled = Interrumpido. El resultado incompleto es { $partial }; no es un paquete terminado.
collect-err-source-changed = { $path } cambió mientras se recopilaba, así que el disco está en uso. Recopile del disco de una máquina virtual detenida o de una instantánea.
collect-err-bad-recipient = { $recipient } no es un destinatario de age (age1…) ni una clave pública SSH.
collect-err-encrypt-dir = --encrypt-to necesita un paquete .tar.zst; no se puede usar con --dir.
collect-err-bad-member = { $name } no puede ser el nombre de un miembro de un paquete.
verify-ok = { $path }: el paquete es íntegro; los { $count } miembros coinciden con el manifiesto.
verify-failed = { $count ->
    [one] { $path }: el paquete NO es íntegro (un problema).
   *[other] { $path }: el paquete NO es íntegro ({ $count } problemas).
}
verify-problem-manifest-missing = No hay manifest.json.
verify-problem-manifest-not-first = El primer miembro es { $first }, no manifest.json.
verify-problem-manifest-invalid = No se puede leer manifest.json: { $error }
verify-problem-checksums-missing = No hay SHA256SUMS.
verify-problem-checksums-invalid = No se puede leer la línea { $line } de SHA256SUMS.
verify-problem-hash-mismatch = { $member }: el contenido difiere del manifiesto (SHA-256 { $actual }, se esperaba { $expected }).
verify-problem-size-mismatch = { $member }: { $actual } bytes, el manifiesto indica { $expected }.
verify-problem-checksum-mismatch = { $member }: el contenido difiere de SHA256SUMS (SHA-256 { $actual }, se esperaba { $expected }).
verify-problem-missing-member = { $member } figura en la lista pero no está en el paquete.
verify-problem-unexpected-member = { $member } está en el paquete pero no figura en la lista.
verify-problem-duplicate-member = { $member } está dos veces en el paquete.
verify-problem-damaged = El paquete está dañado después de { $member }: { $error }
verify-problem-damaged-start = El paquete está dañado desde el principio: { $error }
verify-err-need-identity = { $path } está cifrado: indique la identidad de age con --identity ARCHIVO.
verify-err-bad-identity = { $path } no contiene ninguna identidad de age utilizable: { $reason }
verify-err-decrypt = { $path } no se puede descifrar con esta identidad: { $reason }
verify-err-not-a-bundle = { $path } no es un paquete de vmrescue.
stats-http = Caché HTTP: { $hits } aciertos, { $misses } fallos, { $retries } reintentos.
fact-boot_screen = Pantalla de arranque o consola
fact-boot_screen-summary = { $screen }{ $has_status ->
        [yes] , estado { $status }{ $has_status_name ->
            [yes] {" "}({ $status_name })
           *[no] {""}
        }
       *[no] {""}
    }{ $has_file ->
        [yes] , archivo { $file }
       *[no] {""}
    }{ $has_text ->
        [yes] : «{ $text }»
       *[no] {""}
    }
fact-disk_check = Estado del disco
fact-disk_check-summary = { $check ->
        [hive_dirty] El subárbol { $detail } no se cerró correctamente; sus registros de transacciones se aplicaron en memoria.
        [hive_logs_not_applied] El subárbol { $detail } no se cerró correctamente y sus registros de transacciones no se pudieron aplicar (subárbol dañado: error de detención 0x74 / 0xC000014C).
        [ntfs_dirty] El volumen NTFS { $detail } está marcado como incoherente: Windows ejecutará chkdsk en el próximo inicio.
        [bad_memory_list] El BCD contiene una lista de memoria defectuosa ({ $detail }): puede hacer que Windows falle con 0xC0000017.
        [bcd_device_mismatch] La entrada de arranque predeterminada apunta a una partición que este disco no tiene ({ $detail }).
       *[other] { $detail }
    }
collect-missing-summary = { $count ->
        [one] Un archivo buscado no está
       *[other] { $count } archivos buscados no están
    } en este disco (cada uno figura con su motivo en manifest.json).

## Where in a file (locators), placeholders in commands, and the operating system's error texts.
loc-record = registro { $n }
loc-line = línea { $n }
loc-value = valor { $name }
loc-dump-header = encabezado del volcado
loc-base-block = bloque base
placeholder-mounted-windows-volume = VOLUMEN-DE-WINDOWS-MONTADO
placeholder-disk = DISCO
placeholder-rg = GRUPO-DE-RECURSOS
placeholder-vm = VM
placeholder-domain = DOMINIO
os-error-1 = Operación no permitida
os-error-2 = No existe el archivo o el directorio
os-error-5 = Error de entrada/salida
os-error-6 = No existe el dispositivo o la dirección
os-error-12 = No se puede asignar memoria
os-error-13 = Permiso denegado
os-error-16 = Dispositivo o recurso ocupado
os-error-17 = El archivo ya existe
os-error-20 = No es un directorio
os-error-21 = Es un directorio
os-error-22 = Argumento no válido
os-error-28 = No queda espacio en el dispositivo
os-error-30 = Sistema de archivos de solo lectura
os-error-32 = Tubería rota
lib-not-found = : no se encuentra
lib-not-a-directory = : no es un directorio
lib-is-a-directory = : es un directorio
lib-key-not-found = : no se encuentra la clave
lib-read-error-volume = { " error de lectura en el byte del volumen " }
lib-read-error = { " error de lectura en el byte " }
lib-at-volume-offset = { " en el byte del volumen " }
lib-at-offset = { " en el byte " }
lib-at-hive-offset = { " en la posición del subárbol " }
lib-at-file-offset = { " en la posición del archivo " }
lib-cannot-open = { ": no se puede abrir: " }
lib-not-supported = { " no es compatible; " }

# --- Pantallas de arranque: inicio bloqueado, disco que no es de arranque, confianza del OCR (vmrescue-screen) ---
screen-kind-not-bootable = "This is not a bootable disk" (el disco no tiene código de arranque para un sistema operativo)
screen-kind-hung-boot = El inicio se bloquea antes del inicio de sesión ("Please wait for …", "Applying … policy")
screen-ocr-confidence = Confianza del OCR: { $confidence } %
screen-code-low-confidence = El código de la pantalla se leyó con una confianza del OCR del { $confidence } %, por debajo del { $min } % necesario para usarlo: "{ $seen }".
screen-waiting-for-service = esperando al servicio "{ $name }"
screen-waiting-for-policy = aplicando la directiva "{ $name }"
screen-waiting-for-computer-settings = aplicando la configuración del equipo (directiva de grupo)
screen-waiting-for-unnamed = "Please wait", sin indicar a qué espera
kb-check-cleanup-profiles-policy = El subárbol SOFTWARE establece la directiva "Delete user profiles older than a specified number of days on system restart" (el valor CleanupProfiles en Policies\Microsoft\Windows\System).
kb-step-rebuild = Desconecte el disco reparado y vuelva a crear la máquina virtual con él (paso 5 de los comandos de reparación de máquinas virtuales); después, iníciela.
kb-hung-boot-title = El inicio se bloquea en "Please wait for …" o en "Applying … policy"
kb-hung-boot-summary = Windows ha arrancado, pero no llega a la pantalla de inicio de sesión: la captura de los diagnósticos de arranque se queda en "Please wait for the Group Policy Client", "Please wait for the Local Session Manager", "Please wait for the User Profile Service", "Applying computer settings" o "Applying Group Policy … policy". Salvo que se trate de la directiva de limpieza de perfiles de Windows Server 2012 y 2012 R2, solo un volcado de memoria de la máquina bloqueada revela la causa.
kb-hung-boot-cause-policies = Se están aplicando al inicio muchas directivas de grupo, o directivas complejas; puede tardar hasta una hora.
kb-hung-boot-cause-cleanup-profiles = En Windows Server 2012 y 2012 R2, la directiva "Delete user profiles older than a specified number of days on system restart" provoca bloqueos en conflicto al eliminar los perfiles antiguos ("Applying Group Policy Local Users and Groups policy").
kb-hung-boot-cause-service = Un servicio al que espera el inicio (Group Policy Client, Local Session Manager, User Profile Service) no termina nunca; la causa está en el volcado de memoria.
kb-hung-boot-step-wait = Espere: deje la máquina virtual hasta una hora en esta pantalla antes de intervenir; aplicar directivas o iniciar estos servicios puede tardar todo ese tiempo.
kb-hung-boot-step-load-software = Si la pantalla muestra "Applying Group Policy Local Users and Groups policy" (Windows Server 2012 o 2012 R2), cargue el subárbol SOFTWARE del disco conectado: { $command }
kb-hung-boot-step-delete-cleanup = Si el valor CleanupProfiles no existe, pase al volcado de memoria. Si existe (es la directiva de limpieza de perfiles, y su valor es el número de días), elimínelo: { $command }
kb-hung-boot-step-unload-software = Descargue el subárbol SOFTWARE: { $command }
kb-hung-boot-step-policy-permanent = Si la máquina virtual vuelve a arrancar después de eliminar CleanupProfiles, la directiva solo está desactivada en ella: quítela de la directiva de grupo que la establece y limpie los perfiles antiguos de otra manera.
kb-not-bootable-title = "This is not a bootable disk" (el disco no es de arranque)
kb-not-bootable-summary = El firmware de la máquina virtual ejecutó el código de arranque de un disco que no contiene ningún sistema operativo que pueda iniciar: la captura de los diagnósticos de arranque muestra, en texto blanco sobre fondo negro, "This is not a bootable disk. Please insert a bootable floppy and press any key to try again ...". El proceso de arranque no encontró ninguna partición del sistema activa, o al almacén BCD le falta la referencia a la partición de Windows.
kb-not-bootable-cause-not-active = La partición de arranque no está marcada como activa (generación 1, MBR), por lo que no se encuentra ninguna partición del sistema.
kb-not-bootable-cause-bcd = Al almacén BCD le falta la referencia a la partición de Windows.
kb-not-bootable-step-active = Solo en la generación 1 (la generación 2 no tiene marca de partición activa): en DISKPART, seleccione el disco conectado y su partición de arranque (list disk, select disk, list partition, select partition; la partición de arranque suele ocupar unos 350 MB), compruébela con detail partition y, si indica "Active: No", márquela como activa: { $command }
kb-not-bootable-step-chkdsk = Compruebe y repare el sistema de archivos del disco conectado: { $command }

## vmrescue triage
err-read-sources = no se puede leer la lista de orígenes { $path }: { $error }
err-triage-no-sources = no hay orígenes: indique discos, dispositivos o URL, o --sources-from ARCHIVO
err-triage-not-a-disk = { $path } es una captura de pantalla o un registro de consola, no un disco: triage diagnostica discos (páselo a diagnose junto con su disco)
err-triage-shard = parte no válida { $shard }: escriba K/N con 0 ≤ K < N, p. ej. 0/4
triage-summary = Triage: { $total } { $total ->
        [one] origen
       *[other] orígenes
    }, { $failed } sin diagnosticar, { $jobs } { $jobs ->
        [one] trabajo
       *[other] trabajos
    } a la vez.
triage-by-stop = Por código de detención:
triage-by-cause = Por causa más probable:
