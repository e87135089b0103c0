# vmrescue — svenska meddelanden.
err-prefix = fel
warn-prefix = varning
note-prefix = obs
info-title = Diskavbildning
info-format = Format
info-virtual-size = Virtuell storlek
info-scheme = Partitionstabell
info-sector-size = Sektorstorlek
info-disk-id = Disk-id
info-partitions = { $count ->
    [one] { $count } partition
   *[other] { $count } partitioner
}
info-col-index = #
info-col-start = Start
info-col-size = Storlek
info-col-fs = Filsystem
info-col-type = Typ
info-col-label = Etikett
info-active = aktiv
info-windows = Windows-installation
info-windows-none = Ingen Windows-installation hittades (ingen \Windows\System32\config\SYSTEM på någon läsbar volym).
info-windows-many = Flera Windows-installationer hittades: { $count }. Välj en med --partition.
info-bcd = BCD-arkiv
info-bcd-none = Inget BCD-arkiv hittades (varken \Boot\BCD eller \EFI\Microsoft\Boot\BCD).
info-bcd-other = Annat BCD-arkiv
info-bitlocker = Partition { $index } är krypterad med BitLocker: lås upp den först.
info-unreadable = Partition { $index } kunde inte läsas: { $reason }
info-on-partition = partition { $index }, { $path }
ls-col-name = Namn
ls-col-size = Storlek
ls-col-modified = Ändrad
ls-col-created = Skapad
ls-col-changed = MFT ändrad
ls-col-accessed = Öppnad
ls-dir = <KAT>
stats-read = Läste { $bytes } byte från källan i { $reads } läsningar.
err-no-volume = Ingen volym att läsa från: ingen Windows-installation hittades och disken har { $count } filsystem. Välj ett med --partition.
err-no-partition = Det finns ingen partition { $index } på den här disken.
err-is-directory = { $path } är en katalog; använd `vmrescue ls`.
err-unknown-stop-code = { $code } är ingen stoppkod som vmrescue känner till: ange den hexadecimalt (0xC000021A) eller med namn (CRITICAL_PROCESS_DIED, STATUS_SYSTEM_PROCESS_TERMINATED).
err-not-a-dump = { $path } är ingen kraschdump (den börjar inte med en PAGEDUMP-, PAGEDU64- eller MDMP-signatur); läst som diskavbildning: { $error }
err-write-output = Kan inte skriva rapporten till { $path }: { $error }
reg-last-write = senast skriven
reg-default-value = (Standard)
reg-usage = användning: vmrescue reg KÄLLA NYCKEL [VÄRDE], eller vmrescue reg --hive FIL NYCKEL [VÄRDE]
reg-unknown-hive = { $key }: nyckeln måste börja med HKLM\SYSTEM, HKLM\SOFTWARE, HKLM\SAM, HKLM\SECURITY eller HKLM\BCD00000000
reg-key-not-found = { $key }: nyckeln hittades inte
reg-value-not-found = { $key }: inget värde med namnet "{ $value }"
reg-logs-applied = { $path } var inte stängd korrekt: { $entries } loggposter från { $logs } transaktionsloggar tillämpades i minnet (disken är oförändrad).
reg-logs-not-applied = { $path } är inte stängd korrekt men dess transaktionsloggar kunde inte tillämpas; den läses som den ligger på disken och de senaste ändringarna kan saknas.
dump-none-found = Ingen minnesdump hittades på disken (ingen MEMORY.DMP, liten minnesdump, dedikerad dumpfil, dump i pagefile.sys eller WER-dump).
dump-location = Dump
dump-extracted = Skrevs till { $path } ({ $bytes } byte).
dump-bucket = Bucket
dump-type = Typ
dump-build = version
dump-cpus = processorer
dump-crash-time = Tid för kraschen
dump-bugcheck = Stoppkod
dump-arg = Arg
dump-process = Process
dump-faulting-module = Felande modul
dump-modules = Inlästa moduler
dump-user-mode = minnesdump i användarläge
dump-exception = Undantag
facts-title = Windows (från registret)
facts-os = Operativsystem
facts-computer-name = Datornamn
facts-last-shutdown = Senaste korrekta avstängning
facts-time-zone = Tidszon
facts-control-set = Aktuell kontrolluppsättning
facts-dump-type = Typ av minnesdump
facts-dump-file = Dumpfil
facts-nmi = NMICrashDump
facts-auto-reboot = AutoReboot
facts-page-files = Växlingsfiler
facts-services = Tjänster och drivrutiner
facts-hive-replay = transaktionsloggar: { $outcome }

# --- Skärmbilder från startdiagnostiken och seriekonsolloggar (vmrescue-screen) ---
screen-kind-stop-screen = Stoppfelsskärm ("Datorn stötte på ett problem")
screen-kind-legacy-stop-screen = Stoppfelsskärm i textläge ("*** STOP: 0x…")
screen-kind-ems-blue-screen = Stoppfelspost på seriekonsolen (EMS)
screen-kind-hardware-malfunction = Skärmen "Hardware Malfunction" (NMI)
screen-kind-boot-manager-error = Fel i Windows Start-hanteraren
screen-kind-recovery-error = Återställningsskärm ("Datorn/enheten måste repareras")
screen-kind-boot-manager-menu = Menyn i Windows Start-hanteraren, som väntar på ett val
screen-kind-getting-windows-ready = "Windows förbereds"
screen-kind-working-on-updates = Windows Update pågår ("Arbetar med uppdateringar")
screen-kind-automatic-repair = Automatisk reparation
screen-kind-setup-failed = Windows installationsprogram kunde inte slutföras
screen-kind-bootmgr-missing = "BOOTMGR is missing" (BOOTMGR saknas)
screen-kind-bootmgr-compressed = "BOOTMGR is compressed" (BOOTMGR är komprimerad)
screen-kind-disk-read-error = "A disk read error occurred" (ett fel uppstod vid läsning från disken)
screen-kind-no-boot-device = Inget operativsystem och ingen startenhet hittades
screen-kind-windows-logo = Windows-logotypen (startar, eller startar om i en slinga)
screen-kind-blank = Tom skärm
screen-kind-unknown = Skärmen kändes inte igen
screen-category-crash = stoppfel
screen-category-boot-failure = startfel
screen-category-waiting = väntar
screen-category-none = inget känt igen
screen-code-on-screen = visas på skärmen
screen-code-from-name = visas som ett namn och slogs upp
screen-code-implied = visas inte; följer av skärmen
screen-err-io = Det går inte att läsa { $path }: { $reason }
screen-err-empty = Filen är tom.
screen-err-too-large = Filen är { $size } byte; skärmbilder och seriekonsolloggar läses upp till { $max } byte.
screen-err-not-recognised-binary = Varken en skärmbild i PNG, JPEG eller BMP eller en seriekonsollogg (binärt innehåll utan bildsignatur).
screen-err-not-recognised-text = En textfil, men inte en seriekonsollogg: den innehåller ingen text från Windows Start-hanteraren, SAC/EMS eller ett stoppfel.
screen-err-unsupported-image = Bilder i { $format } stöds inte: konvertera skärmbilden till PNG först.
screen-err-corrupt-image = Skärmbilden i { $format } är skadad eller avkortad: { $reason }
screen-err-image-too-large = Skärmbilden är större än { $max }×{ $max } bildpunkter: { $reason }
screen-err-ocr-not-built = Den här versionen av vmrescue kan inte läsa skärmbilder: den byggdes utan funktionen "ocr" (Tesseract).
screen-err-ocr-unavailable = Tesseract OCR kan inte starta med språket "{ $lang }": { $reason }. På Debian: apt-get install tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa
screen-err-ocr-failed = Tesseract OCR misslyckades: { $reason }

# --- Kunskapsbas om startfel (vmrescue-screen, kb) ---
kb-source-screen = skärmbild från startdiagnostiken
kb-source-serial-log = seriekonsollogg
kb-source-dump = minnesdump
kb-source-event-log = händelselogg
kb-source-disk = disk
kb-check-screen-code = Skärmbilden från startdiagnostiken eller seriekonsolloggen visar den här stoppkoden eller statuskoden.
kb-check-screen-kind = Skärmbilden från startdiagnostiken eller seriekonsolloggen visar den här skärmen.
kb-check-dump-bugcheck = Minnesdumpen (MEMORY.DMP eller en minidump) innehåller den här stoppkoden.
kb-check-kernel-power-41 = Händelse 41 från Kernel-Power i systemloggen innehåller stoppkoden.
kb-check-user-mode-dump = En dump i användarläge av den kritiska processen, som Windows felrapportering skrev före stoppfelet.
kb-check-pending-updates = Serviceåtgärder väntar: Windows\WinSxS\pending.xml, paket med statusen Install Pending eller Uninstall Pending, CBS.log.
kb-check-windows-update-events = Händelse 19 och 20 från WindowsUpdateClient runt tidpunkten för felet.
kb-check-bcd-device-mismatch = Elementen device och osdevice i BCD-arkivet pekar inte på partitionerna på disken.
kb-check-active-partition = Partitionen med Windows är inte markerad som aktiv (generation 1, MBR).
kb-check-ntfs-dirty = NTFS-volymen är markerad som smutsig (dirty bit).
kb-check-hive-dirty = En registreringsdatafil stängdes inte korrekt: sekvensnumren i huvudet skiljer sig åt, eller så innehåller .LOG1/.LOG2 ändringar som ännu inte har skrivits till den.
kb-check-hive-unreadable = Registreringsdatafilen SYSTEM går inte att läsa in, eller är tom när den läses in.
kb-check-regback-empty = Säkerhetskopiorna i config\RegBack är tomma filer och kan inte användas för att återställa.
kb-check-file-versus-winsxs = Filen som nämns på skärmen skiljer sig från kopiorna av samma version i \Windows\WinSxS.
kb-check-unsigned-drivers = Drivrutiner eller tjänster vars filer inte är signerade; driftloggen för CodeIntegrity.
kb-check-service-error-control = RDAgent eller Azure Backup-tjänsterna (AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc, AzureWLBackupPluginSvc) är markerade som kritiska (ErrorControl 2 eller 3).
kb-check-bad-memory-list = BCD-objektet { "{badmemory}" } har en badmemorylist.
kb-check-low-free-space = Mindre än 300 MB är ledigt på OS-disken.
kb-check-page-file-location = ExistingPageFiles eller PagingFiles pekar någon annanstans än på den tillfälliga disken.
kb-check-evaluation-image = Windows är en förhandsversion eller en utvärderingsversion (version och installationsdatum).
kb-check-crash-dump-settings = Inställningarna i CrashControl: NMICrashDump, CrashDumpEnabled och DumpFile.
kb-check-repeated-boots = Seriekonsolloggen visar den ena starten efter den andra, och alla slutar likadant.
kb-step-snapshot = Ta en ögonblicksbild av OS-disken innan du ändrar något.
kb-step-attach = Koppla en kopia av OS-disken till en virtuell återställningsdator som datadisk (eller arbeta med den offline i vmrescue). Om disken är krypterad dekrypterar du den först.
kb-step-collect-dump = Leta reda på MEMORY.DMP i Windows-mappen på den kopplade disken (till exempel F:\Windows) och bifoga den till ett supportärende.
kb-step-enable-ems = Aktivera seriekonsolen (EMS) i BCD-arkivet: { $command }
kb-step-dump-free-space = Kontrollera att OS-disken har mer ledigt utrymme än den virtuella datorn har minne; om den inte har det låter du DumpFile peka på en datadisk i stället för på %SystemRoot%.
kb-step-load-hive = Läs in registreringsdatafilen SYSTEM från den kopplade disken: { $command }
kb-step-enable-dump = Aktivera fullständig minnesdump, och dump vid NMI, i både ControlSet001 och ControlSet002: { $command }
kb-step-unload-hive = Ta bort registreringsdatafilen: { $command }
kb-step-send-nmi = Koppla tillbaka disken till den virtuella datorn och starta den; när felet visas skickar du ett icke-maskerbart avbrott (NMI) från seriekonsolen så att minnesdumpen skrivs.
kb-step-restore-backup = Om du har en aktuell säkerhetskopia återställer du den virtuella datorn från den.
kb-c000021a-title = Stoppfel 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED)
kb-c000021a-summary = En kritisk process i användarläge, till exempel winlogon.exe eller csrss.exe, misslyckades och kärnan stoppade systemet. Skärmen visar "Om du vill veta mer kan du söka online senare efter det här felet: 0xC000021a". Den andra parametern i minnesdumpen är felkoden (NTSTATUS) som processen avslutades med.
kb-c000021a-cause-mismatched-files = Systemfiler som inte stämmer överens med varandra.
kb-c000021a-cause-failed-update = Ett Service Pack eller en KB-uppdatering som inte kunde installeras.
kb-c000021a-cause-backup-restore = Ett program för säkerhetskopiering eller återställning som inte återställde filer som användes.
kb-c000021a-cause-third-party = Ett inkompatibelt program från tredje part.
kb-c000021a-step-read-dump = Läs parametrarna i dumpen: parameter 1 anger processen som misslyckades och parameter 2 är felkoden som den avslutades med.
kb-c000021a-step-recent-changes = Ta bort eller inaktivera nyligen installerade drivrutiner, tjänster och program (program från tredje part är den vanligaste orsaken) och läs systemloggen runt tidpunkten för kraschen.
kb-ef-title = Stoppfel 0xEF (CRITICAL_PROCESS_DIED)
kb-ef-summary = En process eller tråd som Windows behöver avslutades oväntat. Skärmen visar "Stoppkod: CRITICAL_PROCESS_DIED" (0x000000EF); den första parametern i dumpen är processobjektet och den andra är 0 när en process avslutades och 1 när en tråd avslutades.
kb-ef-cause-critical-process = En kritisk process avslutades: csrss.exe, wininit.exe, logonui.exe, smss.exe, services.exe, conhost.exe eller winlogon.exe.
kb-ef-cause-service-recovery = En tjänst vars återställningsåtgärd är "Starta om datorn" misslyckades.
kb-ef-step-sfc = Reparera systemfilerna offline med Systemfilskontroll: { $command }
kb-ef-step-user-dump = Om det finns en dump i användarläge av processen som misslyckades läser du den först: den skrivs ofta före stoppfelet. Om det finns flera dumpar jämför du dem.
kb-update-hang-title = Fastnar på "Windows förbereds" eller i Windows Update
kb-update-hang-summary = Den virtuella datorn blir stående på "Windows förbereds. Stäng inte av datorn", "Arbetar med uppdateringar" eller "Vi kunde inte slutföra uppdateringarna. Ångrar ändringar". Det händer oftast vid den sista omstarten efter Windows Update, eller efter att en roll eller funktion har lagts till eller tagits bort.
kb-update-hang-cause-final-reboot = Den sista omstarten efter en Windows-uppdatering, eller efter en ändring av roller eller funktioner, slutfördes inte.
kb-update-hang-cause-pending-packages = Uppdateringspaket har blivit kvar med statusen Install Pending eller Uninstall Pending.
kb-update-hang-step-wait = Vänta: det kan ta upp till 8 timmar att installera eller ångra uppdateringar.
kb-update-hang-step-list-packages = Lista uppdateringspaketen och leta reda på dem som har statusen Install Pending eller Uninstall Pending: { $command }
kb-update-hang-step-remove-package = Ta bort varje väntande paket: { $command }
kb-update-hang-step-revert-pending = Eller återställ alla väntande serviceåtgärder på en gång: { $command }
kb-7b-title = Stoppfel 0x7B (INACCESSIBLE_BOOT_DEVICE) eller "Boot failure"
kb-7b-summary = Windows kommer inte åt volymen som det startar från. I Azure beror det oftast på att startkonfigurationsdata (BCD) är skadade eller pekar på fel partition, eller på att Windows-partitionen inte är markerad som aktiv.
kb-7b-cause-bcd = BCD-arkivet är skadat, eller så pekar dess device-element inte på partitionerna på disken.
kb-7b-cause-not-active = Partitionen med Windows är inte markerad som aktiv.
kb-7b-step-chkdsk = Kontrollera och reparera filsystemet: { $command }
kb-7b-step-bcd-devices = Låt Start-hanteraren och Windows startladdare peka på rätt partitioner (BCD-arkivet är \boot\bcd på generation 1 och \EFI\Microsoft\boot\bcd på generation 2): { $command }
kb-7b-step-bcd-flags = Ställ in startladdarens alternativ så som proceduren anger: { $command }
kb-hive-title = Skadad registreringsdatafil: stoppfel 0x74 (BAD_SYSTEM_CONFIG_INFO) eller startfel 0xC000014C
kb-hive-summary = Registreringsdatafilen SYSTEM är skadad eller stängdes inte korrekt. Stoppfelsskärmen visar BAD_SYSTEM_CONFIG_INFO (0x74); Start-hanteraren visar 0xC000014C och filen \Windows\System32\config\system.
kb-hive-cause-not-closed = Registreringsdatafilen stängdes inte korrekt (den virtuella datorn stoppades medan filen skrevs).
kb-hive-cause-corrupt = Registreringsdatafilen är skadad.
kb-hive-step-unload-if-loaded = Om registreringsdatafilen går att läsa in stängdes den bara inte korrekt, och att ta bort den (nästa steg) åtgärdar det. Om den inte går att läsa in, eller är tom, är den skadad: fortsätt med säkerhetskopiorna.
kb-hive-step-regback = Som en sista utväg kopierar du säkerhetskopiorna från \Windows\System32\config\RegBack över filerna i \Windows\System32\config, men bara om RegBack-filerna inte är tomma; spara kopior av originalen.
kb-c0000102-title = Startfel 0xC0000102 (STATUS_FILE_CORRUPT_ERROR)
kb-c0000102-summary = Windows kunde inte läsa in en fil som behövs för att starta, eftersom filen, eller strukturen på disken runt den, är skadad. Återställningsskärmen eller Start-hanterarens skärm anger filen.
kb-c0000102-cause-file = Filen som nämns på skärmen är skadad.
kb-c0000102-cause-disk = Filsystemets struktur på disken är skadad.
kb-c0000102-step-chkdsk = Kontrollera och reparera filsystemet: { $command }
kb-c0000102-step-replace = Om filen fortfarande är skadad ersätter du den med den senaste kopian av samma version i \Windows\WinSxS (behåll den skadade filen under ett annat namn).
kb-5a-title = Stoppfel 0x5A (CRITICAL_SERVICE_FAILED)
kb-5a-summary = En tjänst eller drivrutin som Windows behöver för att starta misslyckades. Proceduren letar reda på drivrutiner som inte är korrekt signerade och ersätter dem; analysen av dumpen anger avbildningen (till exempel 0x5A_c0000428_IMAGE_filecrypt.sys).
kb-5a-cause-driver = Ett problem med en drivrutin, ofta en som inte är signerad.
kb-5a-cause-system-files = Skadade systemfiler.
kb-5a-cause-memory = Ett minnesproblem.
kb-5a-step-analysis-settings = Se till i den inlästa registreringsdatafilen SYSTEM att den virtuella datorn stannar på stoppfelsskärmen och skriver en kärnminnesdump (AutoReboot 0, CrashDumpEnabled 2): { $command }
kb-5a-step-debug-flags = Aktivera startloggning och visning av alla startfel, och inaktivera integritetskontrollerna medan du letar efter drivrutinen: { $command }
kb-5a-step-safe-mode = Starta Windows i minimalt felsäkert läge: { $command }
kb-5a-step-verifier = Kör Driver Verifier i felsäkert läge för att hitta drivrutinerna som inte är signerade, och ersätt dem med korrekt signerade versioner.
kb-5a-step-revert = Återställ startinställningarna ovan (felsäkert läge, integritetskontroller, startloggning) när den virtuella datorn startar igen.
kb-reboot-loop-title = Omstartsslinga
kb-reboot-loop-summary = Den virtuella datorn startar om gång på gång: skärmbilden från startdiagnostiken visar Windows-logotypen om och om igen. Proceduren anger tre orsaker, och alla går att läsa offline i registreringsdatafilen SYSTEM.
kb-reboot-loop-cause-critical-service = En tjänst från tredje part som är markerad som kritisk startar inte (RDAgent eller Azure Backup-tjänsterna med ErrorControl 2 eller 3).
kb-reboot-loop-cause-recent-change = En nyligen installerad uppdatering, ett nytt program eller en ändrad princip (se händelseloggarna, CBS.log och WindowsUpdate.log).
kb-reboot-loop-cause-hive = Registreringsdatafilerna är skadade.
kb-reboot-loop-step-select-current = Ta reda på vilken kontrolluppsättning som används: värdet Current under SYSTEM\Select anger dess nummer.
kb-reboot-loop-step-error-control = Sätt ErrorControl till 1 i den kontrolluppsättningen för RDAgent, och för AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc och AzureWLBackupPluginSvc om de finns: { $command }
kb-reboot-loop-step-last-known-good = Om en nyligen installerad uppdatering, ett program eller en princip är orsaken startar du den virtuella datorn med Senast fungerande konfiguration.
kb-c0000017-title = Startfel 0xC0000017 (STATUS_NO_MEMORY)
kb-c0000017-summary = Start-hanteraren fick inte det minne som den behöver ("There isn't enough memory available to create a ramdisk device"). OS-disken kan vara full eller kraftigt fragmenterad, BCD kan ange minne som felaktigt, eller så går det inte att nå minnet och växlingsfilen.
kb-c0000017-cause-disk-full = OS-disken är full eller kraftigt fragmenterad.
kb-c0000017-cause-bad-memory-list = BCD anger minnessidor som felaktiga (badmemorylist).
kb-c0000017-cause-page-file = Det går inte att nå minnet eller växlingsfilen.
kb-c0000017-step-free-space = Kontrollera det lediga utrymmet på OS-disken; frigör utrymme om mindre än 300 MB är ledigt.
kb-c0000017-step-enum-badmemory = Lista inställningarna för felaktigt minne i BCD-arkivet: { $command }
kb-c0000017-step-delete-badmemory = Om en lista över felaktigt minne är angiven tar du bort den: { $command }
kb-c0000017-step-page-file = Kontrollera växlingsfilen: ExistingPageFiles under Control\Session Manager\Memory Management ska peka på den tillfälliga disken; ta bort en pagefile.sys som finns någon annanstans.
kb-c0000428-title = Startfel 0xC0000428 (STATUS_INVALID_IMAGE_HASH)
kb-c0000428-summary = Start-hanteraren kan inte verifiera den digitala signaturen för winload.exe ("File: \windows\system32\boot\winload.exe Status: 0xc0000428"). I Azure händer det när en avbildning av en förhandsversion har upphört att gälla.
kb-c0000428-cause-preview-expired = Den virtuella datorn skapades från en avbildning av en förhandsversion (utvärderingsversion), som slutar fungera efter 180 dagar.
kb-c0000428-step-redeploy = Det finns ingen reparation: distribuera om den virtuella datorn från en aktuell avbildning som inte är en förhandsversion.
kb-nmi-title = Skärmen "Hardware Malfunction" (NMI)
kb-nmi-summary = Ett icke-maskerbart avbrott (NMI), till exempel ett som skickats från seriekonsolen, nådde en gäst som inte är inställd på att krascha vid NMI: Windows visar "Hardware Malfunction. Call your hardware vendor for support. The system has halted" och skriver ingen minnesdump. Med rätt inställningar ger samma NMI stoppfel 0x80 och en minnesdump. (Windows 8, Windows Server 2012 och senare behöver inte värdet NMICrashDump.)
kb-nmi-cause-not-configured = Gästen är inte inställd på att skriva en minnesdump när den tar emot ett NMI (NMICrashDump och dumpinställningarna saknas).
# prepare-dump (crate vmrescue-prepare)
prepare-plan-title = Plan: förbered disken för att samla in en minnesdump
prepare-plan-system = SYSTEM-registreringsdatafil: { $path }
prepare-plan-bcd = BCD-arkiv: { $path }
prepare-plan-control-set = ControlSet{ $number } ({ $roles })
prepare-role-current = Current
prepare-role-default = Default
prepare-role-last-known-good = LastKnownGood
prepare-plan-absent = (saknas)
prepare-plan-unchanged = oförändrad
prepare-plan-new-key = ny nyckel
prepare-plan-dry-run = Inget har skrivits. Kör igen med --apply för att skriva ändringarna.
prepare-plan-nothing = Allt är redan inställt; inget att skriva.
prepare-applied-backup = Säkerhetskopia av originalet: { $path }
prepare-applied-logs-reset = Transaktionsloggen har återställts (den återskapade registreringsdatafilen skrevs): { $path }
prepare-applied-verified = Läst tillbaka och kontrollerad: { $path }
prepare-undo-restored = { $path } har återställts från { $backup }
prepare-readiness-title = Kan en minnesdump skrivas?
prepare-nmi-title = Så skickar du ett icke-maskerbart avbrott (NMI) när den virtuella datorn körs
prepare-note-control-set-missing = Select hänvisar till { $set }, som inte finns i registreringsdatafilen; den hoppas över.
prepare-note-dirty-recovered = En registreringsdatafil var inte ren: dess transaktionsloggar spelades upp i minnet; det är den återskapade filen som skrivs, och loggarna återställs sedan.
prepare-note-no-emssettings = BCD-arkivet saknar objektet emssettings; inställningarna för serieporten anges på startinläsaren { $object } i stället.
prepare-ready-ram-unknown = Minnesstorleken är okänd: ange --ram för att kontrollera att växlingsfilen eller den dedikerade dumpfilen rymmer en fullständig eller aktiv minnesdump (RAM + 257 MB).
prepare-ready-dedicated = Minnesdumpen skrivs via den dedikerade dumpfilen { $path }.
prepare-ready-dedicated-temp-disk = Den dedikerade dumpfilen { $path } ligger på D:, som i Azure är den tillfälliga disken: den töms när den virtuella datorn distribueras om, ändrar storlek eller frigörs, och minnesdumpen kan gå förlorad. Använd en sökväg på C: eller på en datadisk.
prepare-ready-dedicated-small = Den dedikerade dumpfilen är { $size_mb } MB; en fullständig minnesdump kan behöva { $required_mb } MB.
prepare-ready-dedicated-auto-size = DumpFileSize är inte angivet: Windows bestämmer själv storleken på den dedikerade dumpfilen.
prepare-ready-no-pagefile = Ingen växlingsfil på startvolymen ({ $files }): utan en sådan (eller en dedikerad dumpfil) skrivs ingen minnesdump. Lägg till --dedicated-dump-file.
prepare-ready-pagefile-temp-disk = Växlingsfilen finns bara på D: ({ $files }), i Azure den tillfälliga disken: en fullständig minnesdump kräver en växlingsfil på startvolymen. Lägg till --dedicated-dump-file C:\dedicateddumpfile.sys med --dedicated-size.
prepare-ready-pagefile-system-managed = Växlingsfilen { $file } hanteras av systemet: Windows kan utöka den för en kraschdump om det finns ledigt utrymme.
prepare-ready-pagefile-small = Växlingsfilen { $file } är högst { $size_mb } MB; en fullständig minnesdump kan behöva { $required_mb } MB (RAM + 257 MB).
prepare-ready-pagefile-ok = Växlingsfilen { $file } ({ $size_mb } MB) är tillräckligt stor.
prepare-ready-dumpfile-temp-disk = Dumpfilen { $path } ligger på D:, i Azure den tillfälliga disken, som töms när den virtuella datorn distribueras om eller frigörs.
prepare-ready-free-space = Ledigt utrymme på målvolymen: { $free_mb } MB.
prepare-ready-free-space-low = Bara { $free_mb } MB ledigt på målvolymen; minnesdumpen kan behöva { $required_mb } MB. Frigör utrymme eller flytta minnesdumpen med --dump-file.
prepare-ready-overwrite-off = Overwrite är 0 och det finns redan en MEMORY.DMP: Windows skriver ingen ny minnesdump. Samla in och ta bort den gamla först (vmrescue collect).
prepare-ready-old-dump = Det finns redan en MEMORY.DMP som skrivs över av nästa minnesdump: samla in den först (vmrescue collect).
prepare-ready-autoreboot-on = AutoReboot är på: när minnesdumpen har skrivits startar den virtuella datorn om av sig själv.
prepare-ready-autoreboot-off = AutoReboot är av: den virtuella datorn stannar kvar på skärmen med stoppfelet när minnesdumpen har skrivits; starta om den själv.
prepare-ready-nmi-modern = Windows 8, Windows Server 2012 och senare stoppar alltid vid ett NMI; NMICrashDump anges för äldre versioner.
prepare-ready-sac-server-only = SAC (Special Administration Console) finns bara i Windows Server; i klientversioner visar seriekonsolen ingen SAC-prompt.
prepare-nmi-azure = Azure: öppna den virtuella datorns seriekonsol i portalen och välj "Send Non-Maskable Interrupt (NMI)" på tangentbordsmenyn, eller kör:
prepare-nmi-hyperv = Hyper-V: på värden, i PowerShell som administratör:
prepare-nmi-libvirt = libvirt/KVM: på värden:
prepare-nmi-qemu = QEMU: i övervakaren (eller QMP):
prepare-nmi-vmware = VMware: vmrun och vSphere Client har inget NMI-kommando som vi har kunnat kontrollera; se VMwares kunskapsbas för din ESXi-version.
prepare-next-step = Starta den virtuella datorn, vänta på stoppfelet (eller skicka NMI), låt den skriva minnesdumpen och kör sedan vmrescue collect på disken.
prepare-err-io = Det gick inte att läsa eller skriva { $path }: { $detail }
prepare-err-target = { $detail }
prepare-err-no-system = Ingen Windows\System32\config\SYSTEM under { $path }: är det här Windows-volymen?
prepare-err-no-bcd = Inget BCD-arkiv hittades (\Boot\BCD). Montera EFI-systempartitionen och ange --bcd SÖKVÄG.
prepare-err-registry = Det gick inte att läsa registreringsdatafilen { $path }: { $detail }
prepare-err-dirty = { $path } är inte ren och dess transaktionsloggar kan inte tillämpas; den ändras inte.
prepare-err-write = Det gick inte att ändra { $path }: { $detail }
prepare-err-bcd-default = Start-hanterarens standardpost leder inte till en Windows-startinläsare; BCD ändras inte. { $detail }
prepare-err-usage = { $detail }
prepare-err-changed = { $path } har ändrats sedan planen gjordes; gör planen igen.
prepare-err-verify = Kontrollen efter skrivningen misslyckades; originalet har återställts från { $backup }. { $detail }
prepare-err-interrupted = Skrivningen avbröts: { $detail }
prepare-err-no-backup = Ingen säkerhetskopia från vmrescue hittades bredvid { $path }.
prepare-err-in-place = { $detail }
diagnose-input-unsupported = { $path }: den här versionen av vmrescue kan inte läsa { $what }.

## Diagnosrapporter (crates/report). Varje argument är en sträng, eller ett tal
## när det är ett heltal; för varje argument $x skickar rapporten också $has_x:
## "yes" när $x inte är tomt, "no" när det är tomt.

## Belägg för och emot en orsak (crates/diagnose/src/rules.rs).
ev-pending-xml = \Windows\WinSxS\pending.xml innehåller { $operations } { $operations ->
        [one] underhållsåtgärd
       *[other] underhållsåtgärder
    } som väntar på nästa start{ $has_kbs ->
        [yes] { " " }({ $kbs })
       *[no] {""}
    }: en uppdatering är förberedd, och dess åtgärder körs vid start, innan csrss.exe startar. Förberedd är inte detsamma som misslyckad: ett fel kräver raderna nedan.
ev-servicing-pending = Komponentarkivet har underhåll som väntar på en omstart: { $flag } är angiven.
ev-update-failed = Windows Update kunde inte installera ”{ $title }”{ $has_error ->
        [yes] { " " }(fel { $error })
       *[no] {""}
    }.
ev-servicing-failed = Underhållet av { $package } misslyckades (händelseloggen Setup).
ev-pending-survived-boot = pending.xml skrevs { $written } och finns kvar efter sessionen som startade { $boot }: den starten slutförde inte de väntande underhållsåtgärderna.
ev-package-failed = Uppdateringspaketet { $package } installerades inte klart: dess CBS-tillstånd är { $state } ({ $meaning ->
        [partially_installed] delvis installerat
       *[other] ett ogiltigt tillstånd
    }).
ev-package-pending = Uppdateringspaketet { $package } väntar på en omstart för att installeras (CBS-tillstånd { $state }, installation väntar).
ev-cbs-failure = CBS.log visar en misslyckad underhållsåtgärd vid start eller en återställning{ $has_hresult ->
        [yes] { " " }({ $hresult })
       *[no] {""}
    }: { $line }
ev-cbs-sharing-violation = En uppdatering kunde inte ersätta en fil som användes (0x80070020 ERROR_SHARING_VIOLATION), vilket Microsoft tillskriver filterdrivrutiner från andra än Microsoft, till exempel antivirusprogram: { $line }
ev-residue-update-failures = { $count ->
        [one] Ett Windows Update-fel gäller
       *[other] { $count } Windows Update-fel gäller
    } Store-appar eller Defender-definitioner, som inte uppdaterar Windows vid start: räknas inte.
ev-residue-old-update-failures = { $count ->
        [one] Ett Windows Update-fel inträffade
       *[other] { $count } Windows Update-fel inträffade
    } veckor eller mer före felet, och Windows har körts sedan dess: räknas inte.
ev-residue-service-events = { $count ->
        [one] En tjänsthändelse (en misslyckad start eller en installation)
       *[other] { $count } tjänsthändelser (misslyckade starter, installationer)
    } gäller Windows egna tjänster eller tjänster som inte längre är konfigurerade: räknas inte.
ev-residue-renames = { $count ->
        [one] En filåtgärd väntar
       *[other] { $count } filåtgärder väntar
    } på nästa start, ingen på en fil som csrss.exe eller winlogon.exe läser in: räknas inte.
ev-residue-services = { $count ->
        [one] En tjänst eller drivrutin från tredje part är
       *[other] { $count } tjänster eller drivrutiner från tredje part är
    } konfigurerade, ingen ändrad strax före felet: räknas inte.
ev-update-started = Windows Update började installera ”{ $title }” strax före kraschen.
ev-pending-rename = En filåtgärd väntar på nästa start: { $has_target ->
        [yes] { $source } ska ersätta { $target }
       *[no] { $source } ska tas bort
    }.
ev-file-replaced = { $file } (version { $version }) är inte den fil som Windows uppdateringstjänst lade dit: den är en separat fil, inte länken till komponentlagret, och ingen installerad komponent har den versionen{ $has_installed ->
        [yes] { " " }(installerade: { $installed })
       *[no] {""}
    }. Den har kopierats över eller ersatts utanför Windows Update.
ev-build-family-mismatch = { $file } kommer från Windows-version { $version }, men det här Windows är version { $build }: filen hör till en annan Windows-utgåva.
ev-file-unlinked = { $file } har den installerade versionen { $version }, men är en separat kopia som inte längre är länkad till komponentlagret ({ $component }): den har kopierats tillbaka, för hand eller av en återställning.
ev-file-missing = Den viktiga systemfilen { $file } saknas.
ev-file-not-pe = Den viktiga systemfilen { $file } är inte en giltig programfil: { $reason }
ev-file-empty = Den viktiga systemfilen { $file } är tom.
ev-file-all-zero = Den viktiga systemfilen { $file } innehåller bara nollor ({ $size } byte): spåret av en fil som användes under en säkerhetskopiering och aldrig återställdes.
ev-hive-damaged = Registreringsdatafilen { $hive } kan inte användas: { $reason }
ev-links-broken-together = { $count } systemfiler förlorade samtidigt sin länk till komponentlagret ({ $time }) men behöll de installerade versionerna: en återställning eller kopiering av systemmappen på filnivå ({ $files }).
ev-store-unreadable = Komponentlagret (\Windows\WinSxS) kunde inte läsas ({ $error }): systemfilerna kontrollerades bara efter version.
ev-store-no-component = { $count ->
        [one] En systemfil är
       *[other] { $count } systemfiler är
    } inte länkade till komponentlagret och ingen komponentmapp innehåller { $count ->
        [one] den
       *[other] dem
    }: kontrollerade bara efter version ({ $files }).
ev-credential-provider = En autentiseringsprovider från tredje part är registrerad: { $has_name ->
        [yes] { $name }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] { " " }({ $dll }{ $has_company ->
            [yes] , { $company }
           *[no] {""}
        })
       *[no] {""}
    }. Den körs i inloggningsskärmen (LogonUI), inte i winlogon eller csrss.
ev-third-party-load-point = { $file } ({ $company }) är registrerad som { $point ->
        [ServerDll] server-DLL för csrss.exe: den körs inuti csrss.exe
       *[other] KnownDLL: den mappas in i varje process, även csrss.exe och winlogon.exe
    }.
ev-third-party-driver = En drivrutin från tredje part som läses in tidigt ({ $load }) lades till eller ändrades strax före felet: { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_package ->
        [yes] , paket { $package }
       *[no] {""}
    }).
ev-winlogon-changed = Winlogon-värdet { $value } skiljer sig från standardvärdet i Windows: { $data }
ev-appinit-enabled = AppInit_DLLs läser in { $dlls } i varje process som använder user32.dll.
ev-appinit-disabled = AppInit_DLLs innehåller { $dlls }, men inläsningen är avstängd (LoadAppInit_DLLs är 0).
ev-subsystem-changed = Kommandoraden för csrss.exe (Session Manager\SubSystems\Windows) skiljer sig från standardvärdet i Windows: { $value }
ev-third-party-service-recent = En tjänst eller drivrutin från tredje part lades till eller ändrades strax före kraschen: { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }).
ev-service-installed = En tjänst installerades: { $name }{ $has_image ->
        [yes] { " " }({ $image })
       *[no] {""}
    }.
ev-program-installed = Ett program installerades strax före kraschen: { $product }.
ev-service-failed = Tjänster eller drivrutiner kunde inte starta strax före kraschen (händelse { $event }): { $names }
ev-status-points-to-files = { $has_process ->
        [yes] { $process }
       *[no] Den kritiska processen
    } avslutades med status { $status }: en fil som den läser in saknas, passar inte ihop med de andra eller är skadad.
ev-against-no-servicing = Ingen misslyckad uppdatering, inget underhåll som väntar på en omstart och inget fel i CBS.log hittades.
ev-against-files-consistent = { $count ->
        [one] Systemfilen som csrss.exe och winlogon.exe läser in finns och är giltig
       *[other] De { $count } systemfiler som csrss.exe och winlogon.exe läser in finns och är giltiga
    }; { $projected } av dem är länkade till komponentlagret så som Windows uppdateringstjänst lämnar dem.
ev-against-no-restore-signs = Inga tomma, nollfyllda eller skadade systemfiler eller registreringsdatafiler, och inga filtider som tyder på en återställning.
ev-against-no-third-party = Ingen autentiseringsprovider från tredje part, ingen ändring i Winlogon, ingen AppInit-DLL och ingen nyligen tillagd tjänst från tredje part hittades.

## Beredskap för minnesdump: vad som hindrar att en minnesdump skrivs.
ready-dumps-disabled = Minnesdumpar är avstängda (CrashDumpEnabled är 0): nästa stoppfel skriver ingen minnesdump.
ready-small-dumps-only = Bara små minnesdumpar är aktiverade (CrashDumpEnabled är 3); proceduren kräver en fullständig minnesdump (CrashDumpEnabled är 1).
ready-settings-unknown = Inställningarna för minnesdumpar kunde inte läsas (CrashControl i registreringsdatafilen SYSTEM).
ready-pagefile-temp-disk = Växlingsfilen finns bara på D:, som i Azure är den tillfälliga disken: ingen minnesdump kan skrivas till OS-disken.
ready-no-pagefile-on-os = Det finns varken en växlingsfil eller en dedikerad dumpfil på OS-volymen: Windows kan inte skriva någon minnesdump.
ready-pagefile-too-small = Växlingsfilen är högst { $max_mb } MB; en fullständig minnesdump behöver { $need_mb } MB (RAM + 257 MB).
ready-low-space = Bara { $free_mb } MB är ledigt på Windows-volymen; en fullständig minnesdump behöver { $need_mb } MB.
ready-nmi-off = NMICrashDump är inte angivet: Windows-versioner före Windows 8 och Windows Server 2012 skriver ingen minnesdump när de tar emot ett NMI.
ready-ems-off = Seriekonsolen (EMS) är avstängd för startinläsaren: SAC (Special Administration Console) kan inte nås via seriekonsolen.

## Nästa steg. Kommandona visas bredvid; <X> är enhetsbeteckningen för den anslutna disken.
step-collect = Det finns en minnesdump på disken ({ $dump }): samla in den med resten av beläggen och bifoga den till ett supportärende.
step-chkdsk = Windows-volymen är markerad som smutsig (den senaste sessionen avmonterade den inte rent): kontrollera den med chkdsk på en Windows-dator med disken ansluten innan någon reparation skriver till den.
step-prepare-dump = Det finns ingen användbar minnesdump på disken. Aktivera fullständiga minnesdumpar, minnesdump vid NMI och seriekonsolen på disken offline, så att nästa stoppfel skriver en.
step-send-nmi = Starta den virtuella datorn. Om den stoppar med felet igen skriver Windows minnesdumpen; om den i stället hänger sig skickar du ett icke-maskerbart avbrott (NMI) från seriekonsolen.
step-collect-after-nmi = Stoppa sedan den virtuella datorn, anslut OS-disken igen, samla in minnesdumpen med resten av beläggen och bifoga den till ett supportärende.
step-revert-pending = Ångra den väntande uppdateringen: anslut OS-disken till en virtuell dator för reparation och återställ de väntande underhållsåtgärderna offline med DISM.
step-sfc-offline = Reparera systemfilerna: anslut OS-disken till en virtuell dator för reparation och kör Systemfilskontroll (sfc) på den offline.
step-disable-third-party = Inaktivera eller avinstallera programmet från tredje part som kan få den kritiska processen att misslyckas{ $has_items ->
        [yes] : { $items }
       *[no] {""}
    }.
step-restore-backup = Återställ den virtuella datorn från en säkerhetskopia som togs innan problemet började: hela den virtuella datorn eller dess OS-disk, inte enskilda filer.
step-restore-backup-last = Om den virtuella datorn ändå inte startar återställer du den från en färsk säkerhetskopia som togs innan problemet började.
step-other-stop-code = Stoppkoden är inte 0xC000021A: orsakerna i den här rapporten gäller 0xC000021A och kanske inte är tillämpliga. Slå upp artikeln om den här stoppkoden.

## De fyra orsakerna som artikeln nämner.
cause-mismatched_system_files = Systemfiler som inte passar ihop
cause-mismatched_system_files-description = Viktiga systemfiler (csrss.exe, winsrv.dll, ntdll.dll …) saknas, är skadade eller har olika versioner, så att en kritisk process inte kan starta.
cause-failed_update = Misslyckat Service Pack eller misslyckad KB-uppdatering
cause-failed_update-description = Ett Service Pack eller en KB-uppdatering installerades inte klart och lämnade systemfilerna delvis utbytta.
cause-incomplete_restore = Ofullständig återställning från säkerhetskopia
cause-incomplete_restore-description = Ett program för säkerhetskopiering återställde systemet men inte de filer som användes, så att vissa systemfiler eller registreringsdatafiler är gamla, tomma eller nollfyllda.
cause-third_party_program = Inkompatibelt program från tredje part
cause-third_party_program-description = Ett program från tredje part läser in kod i en kritisk process (winlogon.exe, csrss.exe) och får den att misslyckas.

## Sannolikheten för en orsak.
likelihood-high = Hög
likelihood-medium = Medel
likelihood-low = Låg
likelihood-not_indicated = Inga tecken

## Var en stoppkod sågs.
origin-memory_dump = minnesdumpen
origin-pagefile_dump = en minnesdump i växlingsfilen
origin-minidump = en liten minnesdump
origin-bugcheck_event = händelseloggen System (BugCheck 1001)
origin-kernel_power_event = händelseloggen System (Kernel-Power 41)
origin-screenshot = en skärmbild från startdiagnostiken
origin-serial_log = en logg från seriekonsolen
origin-user = det användaren angav (--stop-code)

## Typer av minnesdump (CrashDumpEnabled).
dumptype-none = Ingen
dumptype-complete = Fullständig minnesdump
dumptype-kernel = Kernelminnesdump
dumptype-small = Liten minnesdump
dumptype-automatic = Automatisk minnesdump
dumptype-active = Aktiv minnesdump

## Fakta i tabellen över belägg: typen och en sammanfattning på en rad.
fact-stop_code = Stoppkod
fact-stop_code-summary = { $code } i { $origin }{ $has_process ->
        [yes] , process { $process }
       *[no] {""}
    }{ $has_status ->
        [yes] , status { $status }{ $has_status_name ->
            [yes] { " " }{ $status_name }
           *[no] {""}
        }
       *[no] {""}
    }; parametrar { $parameters }
fact-dump_found = Dumpfil
fact-dump_found-summary = { $dump_kind ->
        [minidump] Liten minnesdump
        [page_file] Minnesdump i växlingsfilen
        [dedicated_dump_file] Dedikerad dumpfil
        [wer] Dump från Windows felrapportering
       *[other] Minnesdump
    } { $path } ({ $size }, { $complete ->
        [yes] fullständig och läsbar
       *[no] ofullständig eller oläslig
    }{ $has_crash_time ->
        [yes] , krasch { $crash_time }
       *[no] {""}
    })
fact-user_dump = Processdump
fact-user_dump-summary = { $has_process ->
        [yes] { $process }
       *[no] Okänd process
    }{ $has_exception ->
        [yes] , undantag { $exception }
       *[no] {""}
    }
fact-unexpected_shutdown = Oväntad avstängning
fact-unexpected_shutdown-summary = Händelse { $event_id }: systemet stannade utan att stängas av på rätt sätt.
fact-update_failed = Uppdateringen misslyckades
fact-update_failed-summary = { $title }{ $has_error ->
        [yes] , fel { $error }
       *[no] {""}
    }
fact-update_installed = Uppdateringen installerades
fact-update_installed-summary = { $title }
fact-update_started = Installationen av uppdateringen började
fact-update_started-summary = { $title }
fact-servicing_failed = Underhållet misslyckades
fact-servicing_failed-summary = { $package } (händelse { $event_id })
fact-boot_event = Sessionsstart eller -stopp
fact-boot_event-summary = Händelse { $event_id }: { $phase ->
        [started] operativsystemet startade
       *[other] operativsystemet stängdes av korrekt
    }
fact-clean_shutdown = Senaste korrekta avstängning
fact-clean_shutdown-summary = Windows stängdes av korrekt (ShutdownTime).
fact-package_state = Uppdateringspaketets tillstånd
fact-package_state-summary = { $package }: { $state } ({ $meaning })
fact-pending_xml = Väntande underhåll (pending.xml)
fact-pending_xml-summary = { $operations } { $operations ->
        [one] åtgärd
       *[other] åtgärder
    }, { $size }{ $has_kbs ->
        [yes] , { $kbs }
       *[no] {""}
    }
fact-servicing_pending = Underhåll väntar på omstart
fact-servicing_pending-summary = { $flag }
fact-cbs_failure = Underhållsfel i CBS.log
fact-cbs_failure-summary = { $signal }: { $line }
fact-pending_file_rename = Väntande filnamnsbyte
fact-pending_file_rename-summary = { $has_target ->
        [yes] { $source_path } → { $target }
       *[no] { $source_path } (ska tas bort)
    }
fact-file_version = Filversion
fact-file_version-summary = { $file } { $version }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }
fact-file_replaced = Ersatt systemfil
fact-file_replaced-summary = { $file } { $version }, installerad { $installed }
fact-file_unlinked = Systemfil som inte är länkad till komponentlagret
fact-file_unlinked-summary = { $file } { $version } ({ $component })
fact-build_family_mismatch = Systemfil från en annan version
fact-build_family_mismatch-summary = { $file } { $version }, Windows { $build }
fact-component_store_unavailable = Komponentlagret kan inte användas
fact-component_store_unavailable-summary = { $reason }: { $files }
fact-third_party_load_point = Kod från tredje part i csrss eller varje process
fact-third_party_load_point-summary = { $point }: { $file }
fact-links_broken_together = Systemfiler som förlorade länken samtidigt
fact-links_broken_together-summary = { $time }: { $files }
fact-file_missing = Fil saknas
fact-file_missing-summary = { $file }
fact-file_empty = Tom fil
fact-file_empty-summary = { $file } ({ $all_zero ->
        [yes] { $size }, bara nollor
       *[no] tom
    })
fact-file_not_pe = Ogiltig programfil
fact-file_not_pe-summary = { $file }: { $reason }
fact-os_build = Windows-version
fact-os_build-summary = { $has_product ->
        [yes] { $product }
       *[no] Windows
    } { $version }
fact-third_party_service = Tjänst eller drivrutin från tredje part
fact-third_party_service-summary = { $name }: { $image_path }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_start ->
        [yes] , start { $start ->
            [0] vid start
            [1] system
            [2] automatisk
            [3] manuell
            [4] inaktiverad
           *[other] { $start }
        }
       *[no] {""}
    }{ $has_last_write ->
        [yes] , ändrad { $last_write }
       *[no] {""}
    }
fact-service_installed = Tjänsten installerades
fact-service_installed-summary = { $name }{ $has_image_path ->
        [yes] : { $image_path }
       *[no] {""}
    }
fact-service_failed = Tjänsten kunde inte starta
fact-service_failed-summary = { $names } (händelse { $event_id })
fact-program_installed = Programmet installerades
fact-program_installed-summary = { $product } (händelse { $event_id })
fact-third_party_credential_provider = Autentiseringsprovider från tredje part
fact-third_party_credential_provider-summary = { $has_name ->
        [yes] { $name } { $clsid }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] : { $dll }
       *[no] {""}
    }
fact-winlogon_changed = Winlogon-värdet har ändrats
fact-winlogon_changed-summary = { $value } = { $data }
fact-app_init_dlls = AppInit_DLLs
fact-app_init_dlls-summary = { $dlls } ({ $enabled ->
        [yes] läses in
       *[no] läses inte in
    })
fact-subsystem_changed = Kommandoraden för csrss.exe har ändrats
fact-subsystem_changed-summary = { $value }
fact-reg_back = Säkerhetskopia av registret (RegBack)
fact-reg_back-summary = { $has_files ->
        [yes] { $files }
       *[no] Tom
    }
fact-hive_damaged = Skadad registreringsdatafil
fact-hive_damaged-summary = { $hive }: { $reason }


fact-crash_dump_settings = Inställningar för minnesdumpar
fact-crash_dump_settings-summary = { $dump_type }, { $dump_file }, NMICrashDump { $nmi_crash_dump ->
        [yes] på
       *[no] av
    }, AutoReboot { $auto_reboot ->
        [yes] på
       *[no] av
    }{ $has_dedicated_dump_file ->
        [yes] , DedicatedDumpFile { $dedicated_dump_file }
       *[no] {""}
    }
fact-page_file = Växlingsfil
fact-page_file-summary = { $has_entries ->
        [yes] { $entries }
       *[no] Ingen konfigurerad
    }{ $has_max_mb ->
        [yes] , högst { $max_mb } MB
       *[no] {""}
    }; { $on_os_volume ->
        [yes] på OS-volymen
       *[no] inte på OS-volymen
    }{ $on_temporary_disk ->
        [yes] , på den tillfälliga disken (D:)
       *[no] {""}
    }
fact-free_space = Ledigt utrymme
fact-free_space-summary = { $free } ledigt av { $total }
fact-ems = Seriekonsol (EMS)
fact-ems-summary = EMS { $loader_ems ->
        [yes] på
       *[no] av
    } för startinläsaren, start-EMS { $bootems ->
        [yes] på
       *[no] av
    } för Start-hanteraren
fact-ram = RAM
fact-ram-summary = { $bytes }
fact-source_problem = Problem med källan
fact-source_problem-summary = { $problem }
fact-collector_error = Inte läst
fact-collector_error-summary = { $collector }: { $error }

## Rubriker och etiketter i rapporten.
report-title = Diagnos från vmrescue
report-inputs = Indata: { $inputs }
report-source-heading = Disken kunde inte läsas helt
report-source-intro = Den här kopian av disken är skadad eller ofullständig, så diagnosen nedan är ofullständig och fynd kan saknas. Skaffa en fullständig kopia (ladda ned den igen eller kopiera ögonblicksbilden igen) och kör vmrescue igen:
report-summary-stop = Kort sagt: stoppfel { $code }{ $has_name ->
        [yes] { " " }{ $name }
       *[no] {""}
    }{ $has_process ->
        [yes] , { $process } avslutades
       *[no] {""}
    }.
report-summary-no-stop = Kort sagt: ingen stoppkod hittades på disken (se nedan hur du anger en).
report-summary-cause = Troligaste orsak: { $cause } ({ $likelihood }).
report-summary-no-cause = Inget av det disken innehåller pekar på en orsak.
report-summary-step = Nästa steg: { $step }
report-stop-heading = Stoppfel
report-stop-none = Ingen stoppkod hittades. vmrescue letade efter en minnesdump (\Windows\MEMORY.DMP, mappen Minidump, en dump kvar i pagefile.sys) och efter BugCheck-händelser (1001) och Kernel-Power-händelser (41) i System.evtx. Om skärmbilden från startdiagnostiken visar ett stoppfel som 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED), ge skärmbilden som ytterligare indata (`vmrescue diagnose DISK skärmbild.png`) eller koden du såg med `--stop-code 0xC000021A`.
report-stop-seen = Sågs i { $origin }: { $where }
report-stop-also = Även i { $origin }: { $code } ({ $where })
report-stop-process = Process som avslutades: { $process }
report-stop-status = Status: { $status }
report-stop-parameters = Parametrar: { $parameters }
report-stop-disagree = Källorna är oeniga om stoppkoden ({ $codes }); rapporten använder { $code } från den mest tillförlitliga källan.
report-crash-time = Tidpunkt för kraschen: { $time }
report-time-anchor = ”Strax före felet” mäts från { $time }: { $source ->
        [memory_dump] kraschtiden i minnesdumpen
        [shutdown_time] den senaste korrekta avstängningen (ShutdownTime i SYSTEM-registreringsdatafilen; ingen dump ger kraschtiden)
       *[other] den sista händelsen i System.evtx (ingen dump ger kraschtiden)
    }.
report-causes-heading = Orsaker, den mest sannolika först
report-likelihood = Sannolikhet
report-score = Beläggens vikt: { $score }
report-evidence-for = För
report-evidence-against = Emot
report-evidence-none = Inga belägg för eller emot.
report-evidence-more = … och { $count } till i HTML- och JSON-rapporterna.
report-dump-heading = Minnesdump
report-dump-ready = Redo: nästa stoppfel, eller ett NMI, skriver en minnesdump.
report-dump-not-ready = Inte redo: { $count ->
        [one] en sak står
       *[other] { $count } saker står
    } i vägen.
report-dump-usable = Det finns en användbar minnesdump på disken: { $path }
report-dump-none = Det finns ingen användbar minnesdump på disken.
report-dump-others = Det finns ingen användbar kernelminnesdump på disken; den har { $count ->
        [one] en annan dump
       *[other] { $count } andra dumpar
    }: { $list }.
report-dump-other-user = en dump i användarläge av { $process } ({ $path })
report-dump-other-incomplete = en ofullständig kerneldump ({ $path })
report-dump-settings = Inställningar för minnesdumpar
report-dump-type = Typ av minnesdump
report-dump-file = Dumpfil
report-dump-nmi = Minnesdump vid NMI (NMICrashDump)
report-dump-serial = Seriekonsol (EMS)
report-dump-page-files = Växlingsfiler
report-dump-page-file-os = Växlingsfil på OS-volymen
report-dump-dedicated = Dedikerad dumpfil
report-dump-free = Ledigt utrymme på Windows-volymen
report-dump-ram = RAM
report-dump-required = Utrymme som en fullständig minnesdump behöver
report-steps-heading = Nästa steg
report-errors-heading = Inte läst (diagnosen gjordes utan dessa)
report-evidence-heading = Alla belägg ({ $count } { $count ->
        [one] uppgift
       *[other] uppgifter
    })
report-col-number = Nr
report-col-kind = Typ
report-col-summary = Vad det visar
report-col-artifact = Artefakt
report-col-locator = Var i den
report-col-time = Tid
report-yes = Ja
report-no = Nej
report-unknown = Okänt
report-none = Ingen
report-footer = Skapad av vmrescue { $version } från disken, som öppnades skrivskyddad. Varje uppgift anger artefakten den kommer från.
bcd-usage = användning: vmrescue bcd KÄLLA, eller vmrescue bcd --store FIL
bcd-object = BCD-objekt

# collect / verify (vmrescue-bundle)
collect-phase-hashing = hashar
collect-phase-writing = samlar in
verify-phase = kontrollerar
collect-done = Paketet är skrivet: { $path } ({ $size }, { $files ->
        [one] en fil
       *[other] { $files } filer
    }, { $dumps ->
        [one] en dump
       *[other] { $dumps } dumpar
    }).
collect-unencrypted = Paketet är INTE krypterat. En minnesdump innehåller den virtuella datorns minne: lösenord, nycklar, dokument. Skicka det bara över en kanal du litar på, eller samla in igen med --encrypt-to MOTTAGARE.
collect-encrypted = { $count ->
    [one] Paketet är krypterat med age till en mottagare; bara dess identitet kan öppna det.
   *[other] Paketet är krypterat med age till { $count } mottagare; bara deras identiteter kan öppna det.
}
collect-no-dump = Ingen kraschdump hittades på disken.
collect-missing-title = Efterfrågat men inte med i paketet:
collect-missing = { $path }: { $reason }
collect-reason-not-found = hittades inte
collect-reason-no-match = ingen fil matchar
collect-reason-unreadable = kunde inte läsas ({ $error })
collect-reason-no-dump-in-page-file = växlingsfilen innehåller ingen kraschdump
collect-reason-other-drive = på en annan enhet, inte på den här disken
collect-reason-excluded-by-option = utelämnad (--no-memory-dump)
collect-reason-not-a-file = det är en mapp
collect-incomplete = { $member }: { $bytes } byte kunde inte läsas; de är nollor i paketet.
collect-pagefile-dump = En kraschdump återvanns ur { $path } till { $member }.
collect-memory-dump-left-out = Minnesdumpar utelämnades (--no-memory-dump); minidumpar finns i paketet.
collect-err-no-windows = Ingen Windows-installation hittades på { $source }: det finns inget att samla in.
collect-err-exists = { $path } finns redan; välj ett annat namn eller ta bort den först.
collect-err-write = Paketet kunde inte skrivas ({ $error }). Det ofullständiga resultatet är { $partial }; det är inget färdigt paket.
collect-err-cancelled = Avbrutet. Det ofullständiga resultatet är { $partial }; det är inget färdigt paket.
collect-err-source-changed = { $path } ändrades medan den samlades in, så disken används. Samla in från disken till en stoppad virtuell dator eller från en ögonblicksbild.
collect-err-bad-recipient = { $recipient } är varken en age-mottagare (age1…) eller en publik SSH-nyckel.
collect-err-encrypt-dir = --encrypt-to kräver ett .tar.zst-paket; det kan inte användas med --dir.
collect-err-bad-member = { $name } kan inte vara ett namn på en del av ett paket.
verify-ok = { $path }: paketet håller; alla { $count } delar stämmer med manifestet.
verify-failed = { $count ->
    [one] { $path }: paketet håller INTE (ett problem).
   *[other] { $path }: paketet håller INTE ({ $count } problem).
}
verify-problem-manifest-missing = Det finns ingen manifest.json.
verify-problem-manifest-not-first = Första delen är { $first }, inte manifest.json.
verify-problem-manifest-invalid = manifest.json kan inte läsas: { $error }
verify-problem-checksums-missing = Det finns ingen SHA256SUMS.
verify-problem-checksums-invalid = Rad { $line } i SHA256SUMS kan inte läsas.
verify-problem-hash-mismatch = { $member }: innehållet skiljer sig från manifestet (SHA-256 { $actual }, väntat { $expected }).
verify-problem-size-mismatch = { $member }: { $actual } byte, manifestet säger { $expected }.
verify-problem-checksum-mismatch = { $member }: innehållet skiljer sig från SHA256SUMS (SHA-256 { $actual }, väntat { $expected }).
verify-problem-missing-member = { $member } är listad men finns inte i paketet.
verify-problem-unexpected-member = { $member } finns i paketet men är inte listad.
verify-problem-duplicate-member = { $member } finns två gånger i paketet.
verify-problem-damaged = Paketet är skadat efter { $member }: { $error }
verify-problem-damaged-start = Paketet är skadat från början: { $error }
verify-err-need-identity = { $path } är krypterat: ange age-identiteten med --identity FIL.
verify-err-bad-identity = { $path } innehåller ingen användbar age-identitet: { $reason }
verify-err-decrypt = { $path } kan inte dekrypteras med den här identiteten: { $reason }
verify-err-not-a-bundle = { $path } är inget vmrescue-paket.
stats-http = HTTP-cache: { $hits } träffar, { $misses } missar, { $retries } nya försök.
fact-boot_screen = Startskärm eller konsol
fact-boot_screen-summary = { $screen }{ $has_status ->
        [yes] , status { $status }{ $has_status_name ->
            [yes] {" "}({ $status_name })
           *[no] {""}
        }
       *[no] {""}
    }{ $has_file ->
        [yes] , fil { $file }
       *[no] {""}
    }{ $has_text ->
        [yes] : ”{ $text }”
       *[no] {""}
    }
fact-disk_check = Diskens tillstånd
fact-disk_check-summary = { $check ->
        [hive_dirty] Registreringsdatafilen { $detail } stängdes inte korrekt; dess transaktionsloggar spelades upp i minnet.
        [hive_logs_not_applied] Registreringsdatafilen { $detail } stängdes inte korrekt och dess transaktionsloggar kunde inte tillämpas (skadad registreringsdatafil: stoppfel 0x74 / 0xC000014C).
        [ntfs_dirty] NTFS-volymen { $detail } är markerad som felaktig: Windows kör chkdsk vid nästa start.
        [bad_memory_list] BCD innehåller en lista över felaktigt minne ({ $detail }): det kan få Windows att misslyckas med 0xC0000017.
        [bcd_device_mismatch] Standardstartposten pekar på en partition som inte finns på den här disken ({ $detail }).
       *[other] { $detail }
    }
collect-missing-summary = { $count ->
        [one] En efterfrågad fil finns
       *[other] { $count } efterfrågade filer finns
    } inte på den här disken (var och en står med sin orsak i manifest.json).

## Where in a file (locators), placeholders in commands, and the operating system's error texts.
loc-record = post { $n }
loc-line = rad { $n }
loc-value = värdet { $name }
loc-dump-header = dumpfilens huvud
loc-base-block = basblocket
placeholder-mounted-windows-volume = MONTERAD-WINDOWS-VOLYM
placeholder-disk = DISK
placeholder-rg = RESURSGRUPP
placeholder-vm = VM
placeholder-domain = DOMÄN
os-error-1 = Åtgärden är inte tillåten
os-error-2 = Filen eller katalogen finns inte
os-error-5 = In-/utmatningsfel
os-error-6 = Enheten eller adressen finns inte
os-error-12 = Det går inte att allokera minne
os-error-13 = Åtkomst nekas
os-error-16 = Enheten eller resursen är upptagen
os-error-17 = Filen finns redan
os-error-20 = Inte en katalog
os-error-21 = Är en katalog
os-error-22 = Ogiltigt argument
os-error-28 = Inget utrymme kvar på enheten
os-error-30 = Skrivskyddat filsystem
os-error-32 = Brutet rör
lib-not-found = : finns inte
lib-not-a-directory = : är ingen katalog
lib-is-a-directory = : är en katalog
lib-key-not-found = : nyckeln finns inte
lib-read-error-volume = { " läsfel vid volymens byteposition " }
lib-read-error = { " läsfel vid byteposition " }
lib-at-volume-offset = { " vid volymens byteposition " }
lib-at-offset = { " vid byteposition " }
lib-at-hive-offset = { " vid registerdatafilens position " }
lib-at-file-offset = { " vid filposition " }
lib-cannot-open = { ": kan inte öppnas: " }
lib-not-supported = { " stöds inte; " }

# --- Startskärmar: start som hänger sig, disk som inte är startbar, OCR-säkerhet (vmrescue-screen) ---
screen-kind-not-bootable = "This is not a bootable disk" (disken saknar startkod för ett operativsystem)
screen-kind-hung-boot = Starten hänger sig före inloggningen ("Please wait for …", "Applying … policy")
screen-ocr-confidence = OCR-säkerhet { $confidence } %
screen-code-low-confidence = Koden på skärmen lästes med en OCR-säkerhet på { $confidence } %, under de { $min } % som krävs för att den ska användas: "{ $seen }".
screen-waiting-for-service = väntar på tjänsten "{ $name }"
screen-waiting-for-policy = tillämpar principen "{ $name }"
screen-waiting-for-computer-settings = tillämpar datorinställningar (grupprincip)
screen-waiting-for-unnamed = "Please wait", utan att det framgår vad som väntas på
kb-check-cleanup-profiles-policy = Registreringsdatafilen SOFTWARE anger principen "Delete user profiles older than a specified number of days on system restart" (värdet CleanupProfiles under Policies\Microsoft\Windows\System).
kb-step-rebuild = Koppla från den reparerade disken och återskapa den virtuella datorn med den (steg 5 i kommandona för reparation av virtuella datorer), och starta den sedan.
kb-hung-boot-title = Starten hänger sig på "Please wait for …" eller "Applying … policy"
kb-hung-boot-summary = Windows har startat men kommer inte fram till inloggningsskärmen: skärmbilden från startdiagnostiken blir stående på "Please wait for the Group Policy Client", "Please wait for the Local Session Manager", "Please wait for the User Profile Service", "Applying computer settings" eller "Applying Group Policy … policy". Utom när det gäller principen för rensning av profiler i Windows Server 2012 och 2012 R2 är det bara en minnesdump av den hängda datorn som visar varför.
kb-hung-boot-cause-policies = Många eller komplicerade grupprinciper tillämpas vid starten; det kan ta upp till en timme.
kb-hung-boot-cause-cleanup-profiles = I Windows Server 2012 och 2012 R2 hamnar principen "Delete user profiles older than a specified number of days on system restart" i motstridiga lås när den tar bort gamla profiler ("Applying Group Policy Local Users and Groups policy").
kb-hung-boot-cause-service = En tjänst som starten väntar på (Group Policy Client, Local Session Manager, User Profile Service) blir aldrig klar; orsaken finns i minnesdumpen.
kb-hung-boot-step-wait = Vänta: ge den virtuella datorn upp till en timme på den här skärmen innan du gör något; att tillämpa principer eller starta de här tjänsterna kan ta så lång tid.
kb-hung-boot-step-load-software = Om skärmen visar "Applying Group Policy Local Users and Groups policy" (Windows Server 2012 eller 2012 R2) läser du in registreringsdatafilen SOFTWARE från den kopplade disken: { $command }
kb-hung-boot-step-delete-cleanup = Om värdet CleanupProfiles inte finns går du vidare till minnesdumpen. Om det finns (det är principen för rensning av profiler, och värdet är antalet dagar) tar du bort det: { $command }
kb-hung-boot-step-unload-software = Ta bort registreringsdatafilen SOFTWARE: { $command }
kb-hung-boot-step-policy-permanent = Om starten fungerar igen när CleanupProfiles har tagits bort är principen bara avstängd på den här datorn: ta bort den ur grupprincipen som anger den, och rensa gamla profiler på något annat sätt.
kb-not-bootable-title = "This is not a bootable disk" (disken är inte startbar)
kb-not-bootable-summary = Den virtuella datorns inbyggda programvara körde startkoden på en disk som inte innehåller något operativsystem som den kan starta: skärmbilden från startdiagnostiken visar, med vit text på svart bakgrund, "This is not a bootable disk. Please insert a bootable floppy and press any key to try again ...". Startprocessen hittade ingen aktiv systempartition, eller så saknar BCD-arkivet referensen till Windows-partitionen.
kb-not-bootable-cause-not-active = Startpartitionen är inte markerad som aktiv (generation 1, MBR), så ingen systempartition hittas.
kb-not-bootable-cause-bcd = BCD-arkivet saknar referensen till Windows-partitionen.
kb-not-bootable-step-active = Bara på generation 1 (generation 2 har ingen aktiv-flagga): välj i DISKPART den kopplade disken och dess startpartition (list disk, select disk, list partition, select partition; startpartitionen är oftast omkring 350 MB), kontrollera den med detail partition och markera den som aktiv om det står "Active: No": { $command }
kb-not-bootable-step-chkdsk = Kontrollera och reparera filsystemet på den kopplade disken: { $command }

## vmrescue triage
err-read-sources = kan inte läsa källistan { $path }: { $error }
err-triage-no-sources = inga källor: ange diskar, enheter eller URL:er, eller --sources-from FIL
err-triage-not-a-disk = { $path } är en skärmbild eller en konsollogg, inte en disk: triage diagnostiserar diskar (ge den till diagnose tillsammans med dess disk)
err-triage-shard = ogiltig del { $shard }: skriv K/N med 0 ≤ K < N, t.ex. 0/4
triage-summary = Triage: { $total } { $total ->
        [one] källa
       *[other] källor
    }, { $failed } inte diagnostiserade, { $jobs } { $jobs ->
        [one] jobb
       *[other] jobb
    } åt gången.
triage-by-stop = Per stoppkod:
triage-by-cause = Per mest sannolik orsak:
