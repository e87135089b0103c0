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
ls-dir = <KAT>
stats-read = Läste { $bytes } byte från källan i { $reads } läsningar.
err-no-volume = Ingen volym att läsa från: ingen Windows-installation hittades och disken har { $count } filsystem. Välj ett med --partition.
err-no-partition = Det finns ingen partition { $index } på den här disken.
err-is-directory = { $path } är en katalog; använd `vmrescue ls`.
